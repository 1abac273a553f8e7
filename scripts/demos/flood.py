"""A flood: COUNT lines as fast as Python can print them (default 1,000,000)."""
import sys
import time
from _demo import PORT
import porthole

count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
porthole.attach(port=PORT)
start = time.time()
for i in range(count):
    print(f'{i:09d} the quick brown fox jumps over the lazy dog')
print(f'{count} lines in {time.time() - start:.1f} s', file=sys.stderr)
