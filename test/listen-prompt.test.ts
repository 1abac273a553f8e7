/**
 * `porthole listen` on a real terminal (a pseudo-terminal made by Python's pty module):
 * the prompt shows the current session, output printed while the person types does
 * not break what they are typing, and the line still goes to the current session.
 */
import { afterAll, afterEach, expect, it } from 'vitest';
import { REPO } from './helpers/listen.ts';
import { runPython, type PythonRun } from './helpers/python.ts';
import { removeTempDirs, tempDir } from './helpers/temp-dir.ts';
import { waitFor } from './helpers/wait.ts';

/** Runs argv on a pseudo-terminal 200 columns wide; relays its stdin to the terminal and the terminal to its stdout. */
const TERMINAL = `
import os, pty, sys, subprocess, threading, fcntl, termios, struct
master, slave = pty.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 200, 0, 0))
p = subprocess.Popen(sys.argv[1:], stdin=slave, stdout=slave, stderr=slave, close_fds=True, start_new_session=True)
os.close(slave)
def relay_in():
    while True:
        d = os.read(0, 4096)
        if not d:
            break
        os.write(master, d)
threading.Thread(target=relay_in, daemon=True).start()
while True:
    try:
        d = os.read(master, 65536)
    except OSError:
        break
    if not d:
        break
    os.write(1, d)
sys.exit(p.wait())
`;

/** argv: port, name, prompt, "ticks" to print a line every 50 ms. */
const CLIENT = `
import sys, time, json, threading
from socket import socket, AF_INET, SOCK_STREAM
port, me, prompt, ticks = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4] == 'ticks'
sock = socket(AF_INET, SOCK_STREAM)
sock.connect(('127.0.0.1', port))
lock = threading.Lock()
def send(text):
    with lock:
        sock.sendall(text.encode())
send('\\0PORTHOLE/1 ' + json.dumps({'name': me}) + '\\n')
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
    send(prompt)
`;

const procs: PythonRun[] = [];
afterEach(() => {
  for (const p of procs.splice(0)) p.kill();
});
afterAll(removeTempDirs);

/** The prompt drawn last on the screen. */
function lastPrompt(screen: string): string | undefined {
  const all = [...screen.matchAll(/\[(\d+|-)\]> /g)];
  return all.at(-1)?.[0];
}

it('the prompt shows the current session and survives output printed while the person types', async () => {
  const term = runPython(TERMINAL, [process.execPath, `${REPO}/bin/porthole.js`, 'listen', '--port', '0', '--data-dir', tempDir('porthole-prompt-')]);
  procs.push(term);
  const screen = () => term.stdout();
  const port = Number((await waitFor('the listening port', () => /Listening on \S+:(\d+)/.exec(screen()), 20_000, screen))[1]);
  await waitFor('the prompt with no session', () => lastPrompt(screen()) === '[-]> ', 10_000, screen);

  const a = runPython(CLIENT, [port, 'A', 'Password: ', 'quiet']);
  procs.push(a);
  await term.waitStdout('[1] Password: ');
  await waitFor('the prompt [1]> ', () => lastPrompt(screen()) === '[1]> ', 10_000, screen);

  const b = runPython(CLIENT, [port, 'B', 'B> ', 'ticks']);
  procs.push(b);
  await term.waitStdout('[2] B tick 3');
  expect(lastPrompt(screen())).toBe('[1]> ');

  // Half a word typed, B prints on, the rest typed: the whole line goes to A.
  term.proc.stdin!.write('hun');
  const before = screen().length;
  await waitFor('more ticks after typing began', () => /B tick \d+[\s\S]*B tick \d+/.test(screen().slice(before)), 10_000, screen);
  // Each time output is printed, the prompt and what was typed are drawn again below it.
  expect(screen().slice(before)).toMatch(/\[2\] B tick \d+\r?\n[^\n]*\[1\]> hun/);
  term.proc.stdin!.write('ter2\r');
  await a.waitStdout('A received hunter2\n');
  expect(b.stdout()).toBe('');
  // What was typed is not echoed as a sent row: it is on the screen already.
  expect(screen()).not.toContain('[1] > hunter2');

  term.proc.stdin!.write('/use 2\r');
  await waitFor('the prompt [2]> ', () => lastPrompt(screen()) === '[2]> ', 10_000, screen);
  term.proc.stdin!.write('for b\r');
  await b.waitStdout('B received for b\n');

  // Output rows never leave the terminal mid-line or with a raw carriage return of the script's.
  for (const line of screen().split('\n')) {
    if (/\[2\] B tick/.test(line)) expect(line).toMatch(/\[2\] B tick \d+\r?$/);
  }

  term.proc.stdin!.write('\x03');
  const done = await term.done;
  expect(done.code).toBe(0);
});
