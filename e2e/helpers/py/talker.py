"""One of several clients at once: talker.py PORT NAME LINES — prints NAME's lines in order, flushing each."""
import sys
import time
from classic_redirect import redirectOut, report

port, name, lines = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
redirectOut(port)
for i in range(lines):
    print('%s line %d' % (name, i))
    sys.stdout.flush()
    time.sleep(0.02)
report('done')
