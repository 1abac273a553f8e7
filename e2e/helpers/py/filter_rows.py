"""Rows for the filter tests: filter_rows.py PORT COUNT — COUNT lines 'row NNNNNNN level=… value=…', in
blocks of 50 on stdout and stderr in turn (framed, as porthole run sends them), then 'rows done';
reports 'written' on its own stdout and stays connected until killed."""
import json
import socket
import struct
import sys
import time

port, count = int(sys.argv[1]), int(sys.argv[2])
sock = socket.create_connection(('127.0.0.1', port))
sock.sendall(b'\0PORTHOLE/1 ' + json.dumps({'name': 'filter_rows.py', 'framed': True}).encode() + b'\n')
LEVELS = (b'INFO', b'INFO', b'WARN', b'INFO', b'ERROR')
out = []
for start in range(0, count, 50):
    body = b''.join(b'row %07d level=%s value=%d\n' % (i, LEVELS[i % 5], (i * 37) % 1000) for i in range(start, min(count, start + 50)))
    out.append(struct.pack('>BI', 2 if (start // 50) % 2 else 1, len(body)) + body)
    if len(out) >= 200:
        sock.sendall(b''.join(out))
        out = []
body = b'rows done\n'
out.append(struct.pack('>BI', 1, len(body)) + body)
sock.sendall(b''.join(out))
print('written', flush=True)
time.sleep(600)
