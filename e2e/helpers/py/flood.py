"""A flood: flood.py PORT COUNT — waits for a first reply (so a test can be typing when it starts),
then COUNT numbered lines as fast as the classic text file writes them, then 'flood done',
then waits for one more reply and answers it."""
import sys
import time
from classic_redirect import redirectBothAsClient, report

port, count = int(sys.argv[1]), int(sys.argv[2])
redirectBothAsClient(port)
input('Start the flood? ')
report('flooding')
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
