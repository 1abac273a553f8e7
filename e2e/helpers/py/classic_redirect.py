"""The classic stream-redirection helpers, as the socket-programming texts write them:
sys.stdout / sys.stdin wrapped around a TCP socket with socket.makefile() (text mode,
block-buffered), IPv4, localhost:50008 by default. Porthole must work with these unchanged,
so they are kept as plain as the originals (no line buffering, no hello)."""
import socket
import sys

port = 50008
host = 'localhost'


def initListenerSocket(port=port, host=host):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(5)
    conn, addr = sock.accept()
    return conn


def redirectOut(port=port, host=host):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.connect((host, port))
    sys.stdout = sock.makefile('w')
    return sock


def redirectIn(port=port, host=host):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.connect((host, port))
    sys.stdin = sock.makefile('r')
    return sock


def redirectBothAsClient(port=port, host=host):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.connect((host, port))
    sys.stdout = sock.makefile('w')
    sys.stdin = sock.makefile('r')
    return sock


def redirectBothAsServer(port=port, host=host):
    conn = initListenerSocket(port, host)
    sys.stdout = conn.makefile('w')
    sys.stdin = conn.makefile('r')
    return conn


def report(*args):
    """Writes to the script's own terminal (the test reads it), whatever sys.stdout is now."""
    print(*args, file=sys.__stdout__, flush=True)
