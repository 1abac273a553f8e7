"""Shared by the demos: makes scripts/clients/python importable and picks the port."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'clients', 'python'))

# The classic default, unless PORTHOLE_PORT says otherwise (handy when 50008 is taken).
PORT = int(os.environ.get('PORTHOLE_PORT') or 50008)
