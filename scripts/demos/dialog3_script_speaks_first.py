"""Dialog 3, both ways, the script speaks first: it asks, you answer in Porthole."""
from _demo import PORT
from porthole import redirectBothAsClient

redirectBothAsClient(port=PORT)
for question in ('What is your name?', 'What is your quest?', 'What is your favourite colour?'):
    print(question)
    answer = input()
    print('You said:', answer)
