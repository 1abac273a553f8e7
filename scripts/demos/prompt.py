"""A prompt without a newline: Porthole shows `Name? ` at once and focuses the reply box."""
from _demo import PORT
import porthole

porthole.attach(port=PORT)
name = input('Name? ')
age = input('Age? ')
print(f'Hello, {name} ({age})')
