"""Survives a page reload: reload.py PORT LINES — LINES lines, a prompt, then LINES more after the reply."""
import sys
from classic_redirect import redirectBothAsClient, report

port, lines = int(sys.argv[1]), int(sys.argv[2])
redirectBothAsClient(port)
for i in range(lines):
    print('before %d' % i)
reply = input('Continue? ')
report('got: %s' % reply)
for i in range(lines):
    print('after %d' % i)
reply = input('Quit? ')
report('got: %s' % reply)
