"""Bytes that are not plain ASCII: encodings.py MODE PORT.

utf8:    UTF-8 text, including a character split across two sends.
invalid: bytes that are not UTF-8 between valid text.
latin1:  waits for one reply (reported as its exact bytes), then sends Latin-1 text."""
import socket
import sys
import time
from classic_redirect import report

mode, port = sys.argv[1], int(sys.argv[2])
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.connect(('localhost', port))
if mode == 'utf8':
    out = sock.makefile('w', encoding='utf-8')
    out.write('h\u00e9llo w\u00f6rld \u2713 \u65e5\u672c\u8a9e \U0001F600\n')
    out.flush()
    euro = '\u20ac'.encode('utf-8')
    sock.sendall(b'split: ' + euro[:2])
    time.sleep(0.3)
    sock.sendall(euro[2:] + b' euro\n')
elif mode == 'invalid':
    sock.sendall(b'before bad bytes\n')
    sock.sendall(b'bad \xff\xfe bytes \xc3 end\n')
    sock.sendall(b'after bad bytes\n')
elif mode == 'latin1':
    sock.sendall(b'ready for latin-1\n')
    reply = sock.makefile('rb').readline()
    report('got: %r' % reply)
    sock.sendall(b'caf\xe9 na\xefve \xbd\n')
report('done')
# Stay connected until Porthole closes, so the session stays live for the test.
sock.recv(1)
