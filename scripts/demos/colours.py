"""ANSI colours, with stderr for comparison: Porthole renders a safe subset of SGR codes."""
import sys
from _demo import PORT
import porthole

porthole.attach(port=PORT)
for code, name in [(31, 'red'), (32, 'green'), (33, 'yellow'), (34, 'blue'), (1, 'bold'), (4, 'underline')]:
    print(f'\x1b[{code}m{name}\x1b[0m')
print('\x1b[38;5;208m256-colour orange\x1b[0m and \x1b[38;2;0;128;255mtrue-colour blue\x1b[0m')
print('this line goes to stderr', file=sys.stderr)
