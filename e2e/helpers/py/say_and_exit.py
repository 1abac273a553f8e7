"""Sends one line and exits at once: say_and_exit.py PORT TEXT. Whatever is sent to it afterwards is never read."""
import socket
import sys

sock = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
sock.sendall((sys.argv[2] + '\n').encode('utf-8'))
sock.close()
print('exited', flush=True)
