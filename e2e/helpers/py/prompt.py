"""A prompt without a newline: prompt.py PORT — input('Name? ') writes the prompt and flushes it, then waits."""
import sys
from classic_redirect import redirectBothAsClient, report

redirectBothAsClient(int(sys.argv[1]))
report('prompting')
name = input('Name? ')
print('Hello, %s!' % name)
sys.stdout.flush()
report('got: %s' % name)
