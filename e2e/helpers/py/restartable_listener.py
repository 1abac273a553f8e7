"""A script that is the listener and can be started again: restartable_listener.py PORT GREETING — accepts one
connection, says GREETING, echoes each line, and exits on 'quit'."""
import sys
from socket import socket, AF_INET, SOCK_STREAM, SOL_SOCKET, SO_REUSEADDR

sock = socket(AF_INET, SOCK_STREAM)
sock.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
sock.bind(('127.0.0.1', int(sys.argv[1])))
sock.listen(1)
print('listening', flush=True)
conn, _ = sock.accept()
out = conn.makefile('w')
inp = conn.makefile('r')
out.write(sys.argv[2] + '\n')
out.flush()
for line in inp:
    if line.strip() == 'quit':
        break
    out.write('echo: ' + line)
    out.flush()
conn.close()
print('exited', flush=True)
