"""One run of a program: session_run.py PORT TEXT — connects with a bare socket, prints TEXT, and exits once it reads a line."""
import socket
import sys

sock = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
sock.sendall((sys.argv[2] + '\n').encode('utf-8'))
print('connected', flush=True)
sock.makefile('r').readline()
sock.close()
