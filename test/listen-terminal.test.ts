/** `porthole listen` end to end: a real process, real Python clients, lines typed on its stdin. */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { runPorthole, stopAfterEach, type ListenRun } from './helpers/listen.ts';
import { expectExit0, runPython, type PythonRun } from './helpers/python.ts';
import { tempDir } from './helpers/temp-dir.ts';

const CLIENT = `
import sys
from socket import socket, AF_INET, SOCK_STREAM
sock = socket(AF_INET, SOCK_STREAM)
sock.connect(('127.0.0.1', int(sys.argv[1])))
sys.stdout = sock.makefile('w')
sys.stdin = sock.makefile('r')
me = sys.argv[2]
print('hello from', me); sys.stdout.flush()
print(me + '> ', end=''); sys.stdout.flush()
for line in sys.stdin:
    sys.__stdout__.write('%s received %s' % (me, line)); sys.__stdout__.flush()
    print('%s got %s' % (me, line.rstrip('\\n'))); sys.stdout.flush()
print(me, 'saw EOF, bye'); sys.stdout.flush()
`;

let listen: ListenRun | undefined;
const clients: PythonRun[] = [];
stopAfterEach(() => listen, clients);

describe('porthole listen', () => {
  it('shows sessions as [N] rows, sends typed lines, and handles @N, /sessions and /eof', async () => {
    listen = runPorthole(['listen', '--port', '0', '--data-dir', tempDir('porthole-listen-')]);
    const port = await listen.port();
    expect(listen.stderr()).toMatch(new RegExp(`^Listening on 127\\.0\\.0\\.1:${port} and \\[::1\\]:${port}\\n`));

    const one = runPython(CLIENT, [port, 'one']);
    clients.push(one);
    await listen.waitStdout(/\[1\] -- connected from 127\.0\.0\.1:\d+\n/);
    await listen.waitStdout('[1] hello from one\n');
    // The prompt is printed the moment it arrives, without waiting for a newline.
    await listen.waitStdout(/\[1\] one> $/);

    // A plain line goes to the only live session.
    listen.type('first reply');
    await one.waitStdout('one received first reply\n');
    await listen.waitStdout('[1] one got first reply\n');

    const two = runPython(CLIENT, [port, 'two']);
    clients.push(two);
    // A new session is announced, and does not take over: plain lines still go to 1.
    // Named after its program where the OS can tell (Linux), else only by its address.
    await listen.waitStdout(/\[2\] -- new session(: client-\d+\.py)? from 127\.0\.0\.1:\d+; talk to it with @2 text or \/use 2\n/);
    await listen.waitStdout(/\[2\] -- connected from 127\.0\.0\.1:\d+\n/);
    await listen.waitStdout('[2] hello from two\n');
    listen.type('still for one');
    await one.waitStdout('one received still for one\n');
    await listen.waitStdout('[1] one got still for one\n');

    // @2 reaches 2 and makes it current; plain lines follow; @1 still reaches 1 once.
    listen.type('@2 to the newest');
    await two.waitStdout('two received to the newest\n');
    await listen.waitStdout('[2] two got to the newest\n');
    listen.type('again for two');
    await two.waitStdout('two received again for two\n');
    listen.type('/use 1');
    await listen.waitStderr(/porthole: typed lines now go to \[1\] (client-\d+\.py|127\.0\.0\.1:)/);
    listen.type('@2 just for two');
    await two.waitStdout('two received just for two\n');
    await listen.waitStdout('[2] two got just for two\n');
    expect(one.stdout()).not.toContain('for two');
    expect(two.stdout()).not.toContain('for one');

    listen.type('/sessions');
    await listen.waitStderr(/\* \[2\] (client-\d+\.py +)?127\.0\.0\.1:\d+ +live/);
    expect(listen.stderr()).toMatch(/ {2}\[1\] (client-\d+\.py +)?127\.0\.0\.1:\d+ +live/);

    // /eof ends the script's `for line in sys.stdin` loop; its last words still arrive.
    listen.type('/eof 1');
    await expectExit0(one);
    await listen.waitStdout('[1] one saw EOF, bye\n');
    await listen.waitStdout('[1] -- script finished sending (EOF); it may have exited, so replies may not be read\n');
    await listen.waitStdout('[1] -- closed\n');
    const out = listen.stdout();
    expect(out.indexOf('[1] -- you sent EOF (end of input)')).toBeLessThan(out.indexOf('[1] one saw EOF, bye'));
    // What was typed is echoed as a sent row (stdin is not a terminal here).
    expect(out).toContain('[1] > first reply\n');
    expect(out).toContain('[2] > to the newest\n');
    expect(out).toMatch(/\[1\] -- new session(: client-\d+\.py)? from 127\.0\.0\.1:/);

    listen.type('/sessions');
    await listen.waitStderr(/\[1\] (client-\d+\.py +)?127\.0\.0\.1:\d+ +closed, EOF sent/);

    // Sending to a closed session is a clear message, and the process carries on.
    listen.type('@1 anyone there?');
    await listen.waitStderr(/porthole: session 1 is closed: nothing can be sent/);
    // 2 is the only live session: it is current.
    listen.type('still here');
    await two.waitStdout('two received still here\n');
    listen.type('/bogus');
    await listen.waitStderr(/unknown command \/bogus/);

    listen.kill('SIGTERM');
    expect((await listen.exited).code).toBe(0);
  });

  it('prints an unfinished line once it settles, what it gains after it, and progress lines at their final state', async () => {
    listen = runPorthole(['listen', '--port', '0', '--data-dir', tempDir('porthole-listen-')]);
    const port = await listen.port();
    const py = runPython(`
import sys, time
from socket import socket, AF_INET, SOCK_STREAM
sock = socket(AF_INET, SOCK_STREAM)
sock.connect(('127.0.0.1', int(sys.argv[1])))
send = lambda t: sock.sendall(t.encode())
send('Password: '); time.sleep(0.5)
send('***'); time.sleep(0.5)
send('\\n')
for i in range(60):
    send('\\rprogress %d%%' % i); time.sleep(0.01)
send('\\rprogress 100%\\n')
send('Done? '); time.sleep(0.5)
send('\\rReally done? '); time.sleep(2)
send('yes\\n')
send('the end\\n')
`, [port]);
    clients.push(py);
    await listen.waitStdout('[1] the end\n', 20_000);
    const out = listen.stdout();
    expect(out).toContain('[1] Password: ***\n');
    // Only the final state of the progress line, once.
    expect(out).toContain('[1] progress 100%\n');
    expect(out.match(/progress/g)).toHaveLength(1);
    // A rewritten unfinished line is printed again, on a line of its own, once it settles.
    expect(out).toContain('[1] Done? \n[1] Really done? yes\n');
    expect(out).not.toContain('\r');
  });

  it('rejects a bad flag with exit status 2 and a message', async () => {
    const bad = runPorthole(['listen', '--bogus']);
    expect((await bad.exited).code).toBe(2);
    expect(bad.stderr()).toMatch(/^porthole listen: .*'--bogus'/);
    expect(bad.stderr()).toContain('usage: porthole listen');
    const badPort = runPorthole(['listen', '--port', 'seventy']);
    expect((await badPort.exited).code).toBe(2);
    expect(badPort.stderr()).toMatch(/port must be a number from 0 to 65535, not 'seventy'/);
  });

  it('reports a port in use with the port and what to do', async () => {
    const busy = net.createServer();
    await new Promise<void>((r) => busy.listen({ host: '127.0.0.1', port: 0 }, r));
    const port = (busy.address() as net.AddressInfo).port;
    try {
      const run = runPorthole(['listen', '--host', '127.0.0.1', '--port', String(port), '--data-dir', tempDir('porthole-listen-')]);
      const { code } = await run.exited;
      expect(run.stderr()).toMatch(new RegExp(`porthole: port ${port} on 127\\.0\\.0\\.1:${port} is already in use .*choose another port`));
      expect(run.stderr()).not.toMatch(/at .*\.ts:\d+/);
      expect(code).toBe(1);
    } finally {
      await new Promise((r) => busy.close(r));
    }
  });
});
