# Prints N lines of 80 bytes as fast as it can, to stdout:  python3 -u print-lines.py N
# Under -u (or PYTHONUNBUFFERED, which `porthole run` sets) every print is its own writes.
import sys

for i in range(int(sys.argv[1])):
    print('python line %08d: the quick brown fox jumps over the lazy dog 0123456789 ab' % i)
