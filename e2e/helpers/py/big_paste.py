"""Waits for one reply of any size: big_paste.py PORT.

Shows a prompt, reads bytes up to the first newline, and reports on its own terminal
how many bytes arrived before the newline and their SHA-256, so a test can check a
large paste arrived whole and byte-exact."""
import hashlib
import socket
import sys

port = int(sys.argv[1])
sock = socket.create_connection(('127.0.0.1', port))
sock.sendall(b'Paste here: ')
print('connected', flush=True)
data = bytearray()
while b'\n' not in data:
    chunk = sock.recv(1 << 20)
    if not chunk:
        break
    data += chunk
line, _, rest = bytes(data).partition(b'\n')
print('received %d bytes sha256 %s newline %s' % (len(line), hashlib.sha256(line).hexdigest(), b'\n' in data), flush=True)
sock.sendall(b'got %d bytes\n' % len(line))
sock.close()
