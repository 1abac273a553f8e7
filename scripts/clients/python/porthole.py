"""Porthole client module: send a script's output to Porthole and read its input from it.

Standard library only, Python 3.8+. Copy this file next to your script, or put its
folder on PYTHONPATH.

Two ways to use it:

1. The classic stream-redirection helpers, same names and defaults as the classic
   ``socket_stream_redirect`` module, so an existing script switches by changing one
   import. They speak plain text (no hello), exactly like the classic ones, with one
   difference: output is line-buffered, so a script never has to call flush()::

       from porthole import redirectOut
       redirectOut()                 # localhost:50008
       print('hello')                # appears in Porthole at once

2. ``attach()``: stdout, stderr and stdin to a new Porthole session in one call, with
   the script's name and pid, stderr kept apart from stdout::

       import porthole
       porthole.attach()
       name = input('Name? ')

   or, for an unmodified script::

       python -m porthole script.py ARGS...

Host and port for attach() and ``python -m porthole``: the arguments, else the
PORTHOLE_HOST / PORTHOLE_PORT environment variables, else localhost:50008.
The wire format is described in docs/protocol.md.
"""

import atexit
import io
import json
import os
import runpy
import socket
import struct
import sys
import threading

__all__ = [
    'initListenerSocket', 'redirectOut', 'redirectIn', 'redirectBothAsClient', 'redirectBothAsServer',
    'attach', 'detach', 'NotListening', 'DEFAULT_PORT', 'DEFAULT_HOST',
]

DEFAULT_PORT = 50008
DEFAULT_HOST = 'localhost'

HELLO_MAGIC = b'\0PORTHOLE/'
HELLO_VERSION = 1
FRAME_STDOUT = 1
FRAME_STDERR = 2
FRAME_EXIT = 3
FRAME_MAX_PAYLOAD = 1024 * 1024


class NotListening(ConnectionRefusedError):
    """Nothing accepts connections at the address: Porthole is not running there."""


def _start_hint(port):
    flag = '' if port == DEFAULT_PORT else ' --port %d' % port
    return 'start it with `porthole listen%s` (terminal), `porthole serve%s` (browser) or the Porthole app' % (flag, flag)


def _not_listening(host, port, err):
    return NotListening('Porthole is not listening on %s:%d (%s) - %s' % (host, port, err.strerror or err, _start_hint(port)))


def _line_writer(sock, encoding=None):
    """A text stream that sends each line as soon as it is complete (no flush needed)."""
    raw = sock.makefile('wb', buffering=0)
    # socket.makefile('w', buffering=1) would not flush per line: its text layer still
    # collects 8 KiB before writing. line_buffering on our own wrapper does.
    return io.TextIOWrapper(io.BufferedWriter(raw), encoding=encoding or 'utf-8', line_buffering=True)


def _connect_inet(host, port):
    # Classic behaviour: IPv4 only, as the classic helpers use AF_INET.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.connect((host, port))
    except ConnectionRefusedError as err:
        sock.close()
        raise _not_listening(host, port, err) from None
    return sock


# -- The classic API ------------------------------------------------------------------

def initListenerSocket(port=DEFAULT_PORT, host=DEFAULT_HOST):
    """Listens on port (loopback unless host says otherwise), waits for Porthole to connect, returns that socket."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # A script run twice in a row must not fail on the old connection's TIME_WAIT.
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    listener.listen(5)
    conn, _addr = listener.accept()
    listener.close()
    return conn


def redirectOut(port=DEFAULT_PORT, host=DEFAULT_HOST):
    """Connects to Porthole and sends sys.stdout there. Returns the socket."""
    sock = _connect_inet(host, port)
    sys.stdout = _line_writer(sock)
    return sock


def redirectIn(port=DEFAULT_PORT, host=DEFAULT_HOST):
    """Connects to Porthole and reads sys.stdin from it. Returns the socket."""
    sock = _connect_inet(host, port)
    sys.stdin = sock.makefile('r', encoding='utf-8')
    return sock


def redirectBothAsClient(port=DEFAULT_PORT, host=DEFAULT_HOST):
    """Connects to Porthole; sys.stdout goes there and sys.stdin comes from it. Returns the socket."""
    sock = _connect_inet(host, port)
    sys.stdout = _line_writer(sock)
    sys.stdin = sock.makefile('r', encoding='utf-8')
    return sock


def redirectBothAsServer(port=DEFAULT_PORT, host=DEFAULT_HOST):
    """Listens on port and waits for Porthole to connect out (`porthole listen --connect localhost:PORT`)."""
    sock = initListenerSocket(port, host)
    sys.stdout = _line_writer(sock)
    sys.stdin = sock.makefile('r', encoding='utf-8')
    return sock


# -- attach(): the framed protocol -------------------------------------------------------

class _FrameWriter(io.RawIOBase):
    """Raw stream writing each chunk as one frame of the given type."""

    def __init__(self, conn, frame_type):
        super().__init__()
        self._conn = conn
        self._type = frame_type

    def writable(self):
        return True

    def write(self, b):
        data = bytes(b)
        for at in range(0, len(data), FRAME_MAX_PAYLOAD):
            self._conn.send_frame(self._type, data[at:at + FRAME_MAX_PAYLOAD])
        return len(data)


class _Connection:
    def __init__(self, sock):
        self.sock = sock
        # stdout and stderr may be written from different threads; frames must not interleave.
        self.lock = threading.Lock()
        self.closed = False

    def send_frame(self, frame_type, payload):
        with self.lock:
            if self.closed:
                raise BrokenPipeError('the Porthole session is closed')
            self.sock.sendall(struct.pack('>BI', frame_type, len(payload)) + payload)

    def close(self, status):
        with self.lock:
            if self.closed:
                return
            self.closed = True
            try:
                payload = json.dumps(status).encode('utf-8')
                self.sock.sendall(struct.pack('>BI', FRAME_EXIT, len(payload)) + payload)
                self.sock.shutdown(socket.SHUT_WR)
                # Closing with unread input would reset the connection and could lose the
                # last output on Porthole's side; read what is waiting first.
                self.sock.setblocking(False)
                while self.sock.recv(65536):
                    pass
            except OSError:
                pass
            finally:
                self.sock.close()


_attached = None


def _address(host, port):
    host = host or os.environ.get('PORTHOLE_HOST') or DEFAULT_HOST
    port = int(port or os.environ.get('PORTHOLE_PORT') or DEFAULT_PORT)
    return host, port


def attach(name=None, host=None, port=None, encoding='utf-8'):
    """Sends stdout and stderr (apart) to a new Porthole session and reads stdin from it.

    Raises NotListening if Porthole is not running at the address. The original
    streams come back on detach() or at exit. Returns the socket.
    """
    global _attached
    if _attached is not None:
        return _attached['conn'].sock
    host, port = _address(host, port)
    try:
        sock = socket.create_connection((host, port))
    except ConnectionRefusedError as err:
        raise _not_listening(host, port, err) from None
    if name is None:
        main = sys.modules.get('__main__')
        path = getattr(main, '__file__', None) or (sys.argv[0] if sys.argv and sys.argv[0] else 'python')
        name = os.path.basename(path)
    hello = {'name': name, 'pid': os.getpid(), 'command': ' '.join([os.path.basename(sys.executable or 'python')] + sys.argv),
             'framed': True, 'encoding': encoding}
    sock.sendall(HELLO_MAGIC + (b'%d ' % HELLO_VERSION) + json.dumps(hello).encode('utf-8') + b'\n')
    conn = _Connection(sock)

    def stream(frame_type):
        return io.TextIOWrapper(io.BufferedWriter(_FrameWriter(conn, frame_type)), encoding=encoding,
                                errors='backslashreplace', line_buffering=True)

    _attached = {
        'conn': conn,
        'saved': (sys.stdout, sys.stderr, sys.stdin, sys.excepthook),
        'status': {'code': 0, 'signal': None},
    }
    sys.stdout = stream(FRAME_STDOUT)
    sys.stderr = stream(FRAME_STDERR)
    sys.stdin = sock.makefile('r', encoding=encoding)

    saved_hook = sys.excepthook

    def excepthook(kind, value, tb):
        if _attached is not None:
            _attached['status'] = {'code': 1, 'signal': None}
        saved_hook(kind, value, tb)

    sys.excepthook = excepthook
    atexit.register(detach)
    return sock


def detach(code=None, signal=None):
    """Restores the original streams and tells Porthole the script ended (with code, if given)."""
    global _attached
    if _attached is None:
        return
    state, _attached = _attached, None
    for s in (sys.stdout, sys.stderr):
        try:
            s.flush()
        except (OSError, ValueError):
            pass
    sys.stdout, sys.stderr, sys.stdin, sys.excepthook = state['saved']
    status = state['status']
    if code is not None or signal is not None:
        status = {'code': code, 'signal': signal}
    state['conn'].close(status)
    atexit.unregister(detach)


# -- python -m porthole script.py ARGS... ----------------------------------------------

USAGE = 'usage: python -m porthole [--host H] [--port P] [--name N] script.py [ARGS...]\n'


def _exit_code(code):
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    opts = {'host': None, 'port': None, 'name': None}
    while argv and argv[0].startswith('--'):
        flag = argv.pop(0)
        if flag == '--':
            break
        key, eq, value = flag[2:].partition('=')
        if key not in opts:
            sys.stderr.write('porthole: unknown flag %s\n%s' % (flag, USAGE))
            return 2
        if not eq:
            if not argv:
                sys.stderr.write('porthole: %s needs a value\n' % flag)
                return 2
            value = argv.pop(0)
        opts[key] = value
    if not argv:
        sys.stderr.write(USAGE)
        return 2
    script = argv[0]
    try:
        attach(name=opts['name'] or os.path.basename(script), host=opts['host'], port=opts['port'])
    except NotListening as err:
        sys.stderr.write('porthole: %s\n' % err)
        return 69
    sys.argv = argv
    sys.path[0] = os.path.dirname(os.path.abspath(script))
    code, signal = 0, None
    try:
        runpy.run_path(script, run_name='__main__')
    except SystemExit as exc:
        code = _exit_code(exc.code)
    except KeyboardInterrupt:
        code, signal = None, 'SIGINT'
    except BaseException:  # noqa: B902 - the script's own failure, shown as its traceback
        import traceback
        traceback.print_exc()
        code = 1
    detach(code, signal)
    return 130 if signal else code


if __name__ == '__main__':
    sys.exit(main())
