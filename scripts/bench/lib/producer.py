# The classic stream redirection (sys.stdout = sock.makefile('w')) printing as fast as it
# can: how long a real script takes to print N lines into a sink.
#   python3 producer.py PORT LINES MARKER [wait]
# With "wait", it reports its local port and waits for a line on stdin before printing,
# so the harness can first put its session on screen.
import socket
import sys
import time

port, lines, marker = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.connect(('127.0.0.1', port))
if len(sys.argv) > 4 and sys.argv[4] == 'wait':
    print('{"event":"connected","localPort":%d}' % sock.getsockname()[1], flush=True)
    sys.stdin.readline()
real_stdout = sys.stdout
sys.stdout = sock.makefile('w')
t0 = time.perf_counter()
for i in range(lines - 1):
    print('python line %08d: the quick brown fox jumps over the lazy dog 0123456789 ab' % i)
print(marker)
sys.stdout.flush()
sock.shutdown(socket.SHUT_WR)
elapsed = time.perf_counter() - t0
sys.stdout = real_stdout
print('{"event":"done","seconds":%f}' % elapsed)
