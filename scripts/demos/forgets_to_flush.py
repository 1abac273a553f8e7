"""A script that prints to stdout and never flushes.

Piped anywhere (`python3 forgets_to_flush.py | cat`) it shows nothing for 10 seconds,
then everything at once. Run it under Porthole instead, unchanged:

    porthole run -- python3 scripts/demos/forgets_to_flush.py

and each line appears the moment it is printed.
"""
import time

for i in range(10):
    print(f'step {i + 1} of 10 done')
    time.sleep(1)
