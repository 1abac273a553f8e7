"""Every byte value for the hex view: all_bytes.py PORT — 'bytes follow', then bytes 0x00–0xFF and a
newline, then 'bytes end'; reports 'written' and stays connected until killed."""
import socket
import sys
import time

sock = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
sock.sendall(b'bytes follow\n')
time.sleep(0.05)
sock.sendall(bytes(range(256)) + b'\n')
time.sleep(0.05)
sock.sendall(b'bytes end\n')
print('written', flush=True)
time.sleep(600)
