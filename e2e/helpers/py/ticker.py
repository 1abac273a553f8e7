"""Steady output: ticker.py PORT LINES — one numbered line every 10 ms, then a prompt, then one more line after the reply."""
import sys
import time
from classic_redirect import redirectBothAsClient, report

port, lines = int(sys.argv[1]), int(sys.argv[2])
redirectBothAsClient(port)
for i in range(lines):
    print('tick %d' % i)
    sys.stdout.flush()
    if i == lines // 2:
        report('halfway')
    time.sleep(0.01)
reply = input('Done? ')
print('answer was %s' % reply)
sys.stdout.flush()
report('got: %s' % reply)
