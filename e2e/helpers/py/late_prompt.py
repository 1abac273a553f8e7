"""A prompt that arrives when the test says so: late_prompt.py PORT TRIGGER_FILE [PROMPT].

Connects and prints one line, reports 'connected', waits until TRIGGER_FILE exists,
then writes PROMPT (default 'Deploy to production? [y/N] ') without a newline and
reports 'prompted'. Everything it receives afterwards is reported as it arrives, as
"recv: b'...'" (so a test can check that nothing reached it)."""
import os
import socket
import sys
import time

port, trigger = int(sys.argv[1]), sys.argv[2]
prompt = sys.argv[3] if len(sys.argv) > 3 else 'Deploy to production? [y/N] '
sock = socket.create_connection(('127.0.0.1', port))
sock.sendall(b'about to ask something\n')
print('connected', flush=True)
while not os.path.exists(trigger):
    time.sleep(0.02)
sock.sendall(prompt.encode('utf-8'))
print('prompted', flush=True)
while True:
    data = sock.recv(65536)
    if not data:
        break
    print('recv: %r' % data, flush=True)
print('eof', flush=True)
