"""A sensor: sensor.py PORT RATE SECONDS [wait] — prints `t=… temp=… hum=…` RATE lines a
second for SECONDS (0: until killed), each flushed, as a script watching a sensor would.
With `wait` it first asks for Enter (so a test can be ready before the numbers start)."""
import math
import sys
import time
from classic_redirect import redirectBothAsClient, report

port, rate, seconds = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
redirectBothAsClient(port)
if len(sys.argv) > 4 and sys.argv[4] == 'wait':
    input('Press Enter to start the sensor ')
start = time.time()
i = 0
while seconds == 0 or time.time() - start < seconds:
    t = i / rate
    temp = 21 + 2 * math.sin(t / 3) + 0.3 * math.sin(t * 2.1)
    hum = 45 + 8 * math.cos(t / 5) + 0.5 * math.sin(t * 3.3)
    print('t=%.3f temp=%.2f hum=%.1f' % (t, temp, hum))
    sys.stdout.flush()
    if i == 0:
        report('started')
    i += 1
    # Paced by the clock, so the rate holds whatever each print costs.
    delay = start + i / rate - time.time()
    if delay > 0:
        time.sleep(delay)
report('done %d' % i)
