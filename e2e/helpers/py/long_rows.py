"""Long JSON rows for the readable-output tests: long_rows.py PORT ROWS [EXTRA [BIG]] — a short line,
ROWS JSON objects of about 10,000 characters each ending in "END<n>", then (when BIG is given) one
row of BIG characters from 'big:' to 'BIGEND', then EXTRA numbered short lines, then 'long rows done';
stays connected until killed."""
import json
import sys
import time
from classic_redirect import redirectOut, report

port, rows = int(sys.argv[1]), int(sys.argv[2])
extra = int(sys.argv[3]) if len(sys.argv) > 3 else 0
big = int(sys.argv[4]) if len(sys.argv) > 4 else 0
redirectOut(port)
write = sys.stdout.write
write('first short line\n')
for i in range(rows):
    body = ''.join('word%04d ' % k for k in range(1112))
    write(json.dumps({'row': i, 'text': body, 'tail': 'END%d' % i}) + '\n')
if big:
    write('big:' + ''.join('%09d ' % k for k in range((big - 10) // 10)).ljust(big - 10, '.') + 'BIGEND\n')
for i in range(extra):
    write('%07d short\n' % i)
print('long rows done')
sys.stdout.flush()
report('written')
time.sleep(600)
