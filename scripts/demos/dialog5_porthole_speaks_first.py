"""Dialog 5, both ways, Porthole speaks first: the script waits for you, then replies."""
from _demo import PORT
from porthole import redirectBothAsClient

redirectBothAsClient(port=PORT)
while True:
    line = input()
    if line == 'quit':
        break
    print(line[::-1])
print('bye')
