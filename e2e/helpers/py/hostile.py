"""Output that would be dangerous as markup or to a terminal: hostile.py PORT.

Then waits for one reply, so the test can check that the session still works."""
import sys
from classic_redirect import redirectBothAsClient, report

redirectBothAsClient(int(sys.argv[1]))
lines = [
    'first line, before the screen clear',
    '<img src=x onerror=alert(1)>',
    '<script>alert(1)</script>',
    '<a href="javascript:alert(1)">click</a>',
    'osc52 \x1b]52;c;cHduZWQ=\x07 clipboard',
    'osc0 \x1b]0;pwned title\x07 title',
    'osc8 \x1b]8;;https://example.com/\x1b\\a link\x1b]8;;\x1b\\ end',
    'clear \x1b[2J\x1b[H screen',
    'alt \x1b[?1049h screen',
    'plain \x1b[31mred\x1b[0m and \x1b[1;32mbold green\x1b[0m text',
    'last hostile line',
]
for line in lines:
    print(line)
sys.stdout.flush()
reply = input()
print('still alive: %s' % reply)
sys.stdout.flush()
report('got: %s' % reply)
