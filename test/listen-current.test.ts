/**
 * `porthole listen` sends a typed line only where the person aimed it: to the current
 * session, never to whichever script printed last. Real process, real Python clients.
 */
import { expect, it } from 'vitest';
import { runPorthole, stopAfterEach, type ListenRun } from './helpers/listen.ts';
import { runPython, type PythonRun } from './helpers/python.ts';
import { tempDir } from './helpers/temp-dir.ts';

/** argv: port, name, prompt, "ticks" to print a line every 50 ms. Names itself with a hello. */
const CLIENT = `
import sys, time, json, threading
from socket import socket, AF_INET, SOCK_STREAM
port, me, prompt, ticks = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4] == 'ticks'
sock = socket(AF_INET, SOCK_STREAM)
sock.connect(('127.0.0.1', port))
lock = threading.Lock()
def send(text):
    with lock:
        sock.sendall(text if isinstance(text, bytes) else text.encode())
send(b'\\0PORTHOLE/1 ' + json.dumps({'name': me}).encode() + b'\\n')
send(prompt)
def tick():
    i = 0
    while True:
        i += 1
        send('%s tick %d\\n' % (me, i))
        time.sleep(0.05)
if ticks:
    threading.Thread(target=tick, daemon=True).start()
for line in sock.makefile('r'):
    sys.stdout.write('%s received %s' % (me, line)); sys.stdout.flush()
    send('%s got %s' % (me, line))
    send(prompt)
sys.stdout.write('%s EOF\\n' % me); sys.stdout.flush()
`;

let listen: ListenRun | undefined;
const clients: PythonRun[] = [];
stopAfterEach(() => listen, clients);

function client(port: number, name: string, prompt: string, ticks = false): PythonRun {
  const c = runPython(CLIENT, [port, name, prompt, ticks ? 'ticks' : 'quiet']);
  clients.push(c);
  return c;
}

it('a new session never takes over; /use and @N choose; with the chosen one closed and several live, a line is refused', async () => {
  listen = runPorthole(['listen', '--port', '0', '--data-dir', tempDir('porthole-current-')]);
  const port = await listen.port();

  const a = client(port, 'A', 'Password: ');
  await listen.waitStdout(/\[1\] -- new session: A from 127\.0\.0\.1:\d+; what you type goes to it\n/);
  await listen.waitStdout(/\[1\] Password: $/);

  // B connects and keeps printing, right up to the moment the person answers A.
  const b = client(port, 'B', 'B> ', true);
  await listen.waitStdout(/\[2\] -- new session: B from 127\.0\.0\.1:\d+; talk to it with @2 text or \/use 2\n/);
  await listen.waitStdout('[2] B tick 5\n');
  listen.type('hunter2');
  await a.waitStdout('A received hunter2\n');
  await listen.waitStdout('[1] A got hunter2\n');

  listen.type('/use 2');
  await listen.waitStderr('porthole: typed lines now go to [2] B\n');
  listen.type('for b');
  await b.waitStdout('B received for b\n');

  // @1 sends to A and makes it current again.
  listen.type('@1 x');
  await a.waitStdout('A received x\n');
  listen.type('after x');
  await a.waitStdout('A received after x\n');
  expect(b.stdout()).toBe('B received for b\n');

  const c = client(port, 'C', 'C> ');
  await listen.waitStdout(/\[3\] -- new session: C from 127\.0\.0\.1:\d+; talk to it with @3 text or \/use 3\n/);
  listen.type('still A');
  await a.waitStdout('A received still A\n');

  // The chosen session closes while two others are live: nothing is current.
  listen.type('/close 1');
  await a.waitStdout('A EOF\n');
  await listen.waitStdout('[1] -- closed');
  await listen.waitStderr('porthole: typed lines go nowhere now: 2 sessions are live (2, 3); choose one with /use N or @N text\n');
  listen.type('lost line');
  await listen.waitStderr('porthole: not sent: 2 sessions are live (2, 3); choose one with /use N or @N text\n');
  // Lines sent after the refused one arrive; the refused one never does (each connection is in order).
  listen.type('@2 marker');
  await b.waitStdout('B received marker\n');
  listen.type('@3 marker');
  await c.waitStdout('C received marker\n');
  for (const x of [a, b, c]) expect(x.stdout()).not.toContain('lost line');

  // @3 made C current: /sessions marks it, and /eof without N goes to it.
  listen.type('/sessions');
  await listen.waitStderr(/\* \[3\] C {2}127\.0\.0\.1:\d+ {2}live/);
  expect(listen.stderr()).toMatch(/ {2}\[2\] B {2}127\.0\.0\.1:\d+ {2}live/);
  expect(listen.stderr()).toMatch(/ {2}\[1\] A {2}127\.0\.0\.1:\d+ {2}closed/);
  listen.type('/eof');
  await c.waitStdout('C EOF\n');
  // Now B is the only session that can be sent to: it is current by itself.
  await listen.waitStderr('porthole: typed lines now go to [2] B\n');
  listen.type('to the last one');
  await b.waitStdout('B received to the last one\n');
  expect(a.stdout()).toBe('A received hunter2\nA received x\nA received after x\nA received still A\nA EOF\n');
  expect(c.stdout()).toBe('C received marker\nC EOF\n');

  listen.type('/use 1');
  await listen.waitStderr('porthole: session 1 cannot be sent to (closed); typed lines still go to [2] B\n');
  listen.type('/use 9');
  await listen.waitStderr('porthole: there is no session 9\n');
  listen.type('/help');
  await listen.waitStderr('/use N          make session N the current session');
});

it('a line typed before any session is live is refused with the reason', async () => {
  listen = runPorthole(['listen', '--port', '0', '--data-dir', tempDir('porthole-current-')]);
  await listen.port();
  listen.type('anyone?');
  await listen.waitStderr('porthole: not sent: no session is live (wait for a script to connect)\n');
  listen.type('/eof');
  await listen.waitStderr('porthole: /eof: no session is current; use /eof N');
});
