"""Text with characters that hide or reorder what is shown: invisible.py PORT."""
import sys
from classic_redirect import redirectOut, report

redirectOut(int(sys.argv[1]))
print('invoice\u202Egpj.exe')
print('pay\u200Bpal.com')
print('plain ascii after')
sys.stdout.flush()
report('printed')
