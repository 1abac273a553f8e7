"""Dialog 1, output only: the script prints to Porthole; no flush needed."""
import time
from _demo import PORT
from porthole import redirectOut

redirectOut(port=PORT)
for i in range(5):
    print('line', i)
    time.sleep(0.5)
