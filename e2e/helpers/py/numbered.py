"""Numbered lines for the transcript tests: numbered.py PORT COUNT — COUNT lines '0000000 …' as fast
as the classic text file writes them, then 'numbered done', then stays connected until killed."""
import sys
import time
from classic_redirect import redirectOut, report

port, count = int(sys.argv[1]), int(sys.argv[2])
redirectOut(port)
write = sys.stdout.write
for i in range(count):
    write('%07d the quick brown fox jumps over the lazy dog\n' % i)
print('numbered done')
sys.stdout.flush()
report('written')
time.sleep(600)
