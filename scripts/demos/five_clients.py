"""Five concurrent clients, each its own session, each counting at its own pace."""
import socket
import threading
import time
from _demo import PORT


def client(n):
    with socket.create_connection(('localhost', PORT)) as sock:
        for i in range(5):
            sock.sendall(f'client {n}: message {i}\n'.encode())
            time.sleep(0.2 * n)


threads = [threading.Thread(target=client, args=(n,)) for n in range(1, 6)]
for t in threads:
    t.start()
for t in threads:
    t.join()
