"""The five classic dialogs of SPEC section 2: dialog.py N PORT [ROUNDS].

What the script receives is reported on its own terminal (sys.__stdout__) as 'got: …',
so a test can check that replies typed in Porthole reached it."""
import sys
import time
from classic_redirect import redirectBothAsClient, redirectBothAsServer, redirectIn, redirectOut, report

mode, port = int(sys.argv[1]), int(sys.argv[2])
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3

if mode == 1:
    # Output only: print lines, flushing after each.
    redirectOut(port)
    for i in range(rounds):
        print('client: %d' % i)
        sys.stdout.flush()
        time.sleep(0.05)
elif mode == 2:
    # Input only: replies satisfy input(); the script's output stays on its terminal.
    redirectIn(port)
    report('connected')
    for i in range(rounds):
        data = input()
        report('got: %s' % data)
elif mode == 3:
    # Both ways, the script speaks first; input() flushes the pending print.
    redirectBothAsClient(port)
    for i in range(rounds):
        print('client: %d' % i)
        data = input()
        report('got: %s' % data)
elif mode == 4:
    # Both ways, the script listens and Porthole connects out; the person speaks first.
    report('listening')
    redirectBothAsServer(port)
    for i in range(rounds):
        data = input()
        report('got: %s' % data)
        print('server got: %s' % data)
        sys.stdout.flush()
elif mode == 5:
    # Both ways, Porthole speaks first.
    redirectBothAsClient(port)
    report('connected')
    for i in range(rounds):
        data = input()
        report('got: %s' % data)
        print('client got: %s' % data)
        sys.stdout.flush()
report('done')
