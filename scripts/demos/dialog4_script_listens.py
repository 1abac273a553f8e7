"""Dialog 4, both ways, the script listens: start it, then `porthole listen --connect localhost:50009`.

Porthole connects out (retrying until the script is up); you speak first.
"""
from _demo import PORT
from porthole import redirectBothAsServer

redirectBothAsServer(port=PORT + 1)
while True:
    line = input()
    print('Server got:', line)
