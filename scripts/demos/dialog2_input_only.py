"""Dialog 2, input only: replies typed in Porthole answer input(); output stays on this terminal."""
from _demo import PORT
from porthole import redirectIn

redirectIn(port=PORT)
for i in range(3):
    reply = input()
    print('Porthole said:', reply)
