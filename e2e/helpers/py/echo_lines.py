"""Lines, then an echo: echo_lines.py PORT COUNT — COUNT lines 'line N', then 'say something', then
'you said X' for each line X it reads; reports 'written' once the first lines are out."""
import socket
import sys

sock = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
sock.sendall(b''.join(b'line %d\n' % i for i in range(int(sys.argv[2]))) + b'say something\n')
print('written', flush=True)
f = sock.makefile('rb')
for line in f:
    sock.sendall(b'you said ' + line.rstrip(b'\r\n') + b'\n')
