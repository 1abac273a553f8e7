"""Asks Continue? [y/N] (no newline) COUNT times, then prints a result and waits for a last line: qa_prompts.py PORT COUNT."""
import sys
from classic_redirect import redirectBothAsClient, report

redirectBothAsClient(int(sys.argv[1]))
report('connected')
for i in range(1, 31):
    print('step %d of the checkout: ok' % i)
sys.stdout.flush()
answers = []
for i in range(int(sys.argv[2])):
    answers.append(input('Continue? [y/N] '))
print('total: 3 items, price 0.00')
print('answers: %s' % ' '.join(answers))
sys.stdout.flush()
report('answered: %s' % ' '.join(answers))
last = input('Anything else? ')
report('got: %s' % last)
