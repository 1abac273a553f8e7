"""A flood: flood.py PORT COUNT — COUNT numbered lines as fast as the classic text file writes them,
then 'flood done', then waits for one reply and answers it."""
import sys
import time
from classic_redirect import redirectBothAsClient, report

port, count = int(sys.argv[1]), int(sys.argv[2])
redirectBothAsClient(port)
start = time.time()
write = sys.stdout.write
for i in range(count):
    write('%07d the quick brown fox jumps over the lazy dog\n' % i)
print('flood done')
sys.stdout.flush()
report('flooded %d lines in %.1f s' % (count, time.time() - start))
reply = input()
print('reply after flood: %s' % reply)
sys.stdout.flush()
report('got: %s' % reply)
