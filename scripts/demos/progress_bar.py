"""A progress bar drawn with carriage returns: Porthole shows its latest state on one row."""
import time
from _demo import PORT
import porthole

porthole.attach(port=PORT)
for i in range(0, 101, 5):
    bar = '#' * (i // 5)
    print(f'\r[{bar:<20}] {i:3d}%', end='', flush=True)
    time.sleep(0.1)
print('\ndone')
