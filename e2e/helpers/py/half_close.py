"""Half-close both ways: half_close.py MODE PORT.

shut-wr: sends two lines, shutdown(SHUT_WR), then still reads one reply and reports it.
stdin-loop: echoes `for line in sys.stdin` until Porthole's Send EOF ends the loop, then
prints a final line (which can only get through if Porthole half-closed, not closed)."""
import socket
import sys
from classic_redirect import redirectBothAsClient, report

mode, port = sys.argv[1], int(sys.argv[2])
sock = redirectBothAsClient(port)
if mode == 'shut-wr':
    print('all my output')
    print('nothing more from me')
    sys.stdout.flush()
    sock.shutdown(socket.SHUT_WR)
    report('shut')
    reply = sys.stdin.readline()
    report('got: %s' % reply.rstrip('\n'))
else:
    count = 0
    for line in sys.stdin:
        count += 1
        print('echo: %s' % line.rstrip('\n'))
        sys.stdout.flush()
    print('stdin ended after %d lines' % count)
    sys.stdout.flush()
    report('loop ended')
report('done')
