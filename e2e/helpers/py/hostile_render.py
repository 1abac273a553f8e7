"""Output that is costly to draw: hostile_render.py PORT MODE [SIZE].

sgr ROWS      ROWS rows, each thousands of colour codes around single letters (an SGR bomb)
nul MB        MB mebibytes of NUL bytes without a newline (the core splits them into 64 KiB rows)
line MB       one line of MB mebibytes of text without a newline
progress N    progress lines redrawn with carriage returns N times each: one that fits a row,
              and one long enough to be split over several rows

Ends with the line 'hostile render done', reports 'sent' on its own terminal, then keeps
the connection open (reading) until the test ends."""
import socket
import sys

port, mode = int(sys.argv[1]), sys.argv[2]
size = int(sys.argv[3]) if len(sys.argv) > 3 else 0
sock = socket.create_connection(('127.0.0.1', port))
MIB = 1024 * 1024


def send(text):
    sock.sendall(text.encode('utf-8') if isinstance(text, str) else text)


send('hostile render start: %s\n' % mode)
if mode == 'sgr':
    pairs = ''.join('\x1b[%dm%s' % (31 + k % 7, chr(97 + k % 26)) for k in range(8000))
    short = ''.join('\x1b[%dm%s' % (31 + k % 7, chr(97 + k % 26)) for k in range(250))
    for i in range(size):
        send((pairs if i % 2 == 0 else short) + '\x1b[0m row %d\n' % i)
elif mode == 'nul':
    chunk = b'\0' * MIB
    for _ in range(size):
        send(chunk)
    send('\n')
elif mode == 'line':
    chunk = ('0123456789abcdef' * (MIB // 16))
    for _ in range(size):
        send(chunk)
    send('\n')
elif mode == 'progress':
    short = ''.join('\rprogress %6.2f%%' % (i * 100.0 / (size - 1)) for i in range(size))
    send(short + '\n')
    long_line = ''.join('\r\x1b[32mlong progress\x1b[0m %7d of %d' % (i + 1, size * 20) for i in range(size * 20))
    send(long_line + '\n')
else:
    raise SystemExit('unknown mode ' + mode)
send('hostile render done\n')
print('sent', flush=True)
while sock.recv(65536):
    pass
