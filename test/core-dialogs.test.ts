/**
 * The five classic dialogs of SPEC section 2, and five clients at once, each driven
 * by a Python client that redirects sys.stdout / sys.stdin through socket.makefile()
 * exactly as the classic helpers do. The test plays the person.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialog, startCore, texts, type TestCore } from './helpers/core.ts';
import { CLIENT_PRELUDE, expectExit0, runPython } from './helpers/python.ts';
import { removeTempDirs } from './helpers/temp-dir.ts';

let t: TestCore;
beforeEach(async () => {
  t = await startCore();
});
afterEach(async () => {
  await t.close();
});
afterAll(removeTempDirs);

/**
 * A script that exits leaves the session in 'eof' (script finished sending): over TCP a
 * peer's exit cannot be told apart from a half-close until something is sent, and
 * Porthole must stay able to send after a half-close.
 */
const finished = (rows: { kind: string; text: string }[]) => rows.some((x) => x.kind === 'note' && x.text === 'script finished sending (EOF); it may have exited, so replies may not be read');

const opened = (text: string) => (rows: { kind: string; text: string; open: boolean }[]) => rows.some((r) => r.kind === 'out' && r.open && r.text === text);

describe('the five classic dialogs', () => {
  it('1. output only: each printed, flushed line shows as it arrives', async () => {
    const py = runPython(`${CLIENT_PRELUDE}
sock = connect()
sys.stdout = sock.makefile('w')
for i in range(5):
    print('line', i, 'of the output-only dialog')
    sys.stdout.flush()
    time.sleep(0.05)
`, [t.port]);
    const s = await t.session((x) => x.origin === 'accepted');
    // The first line is visible while the script is still running.
    await t.rowsUntil(s.id, (r) => texts(r, 'out').includes('line 0 of the output-only dialog'));
    expect(py.proc.exitCode).toBeNull();
    await expectExit0(py);
    const rows = await t.rowsUntil(s.id, finished);
    expect(texts(rows, 'out')).toEqual([0, 1, 2, 3, 4].map((i) => `line ${i} of the output-only dialog`));
    expect(rows[0]).toMatchObject({ kind: 'note' });
    expect(rows[0].text).toMatch(/^connected from 127\.0\.0\.1:\d+$/);
    expect(texts(rows, 'note').slice(1)).toEqual(['script finished sending (EOF); it may have exited, so replies may not be read']);
    expect(await t.info(s.id)).toMatchObject({ state: 'eof', linesIn: 5 });
    // Closing it from Porthole's side ends the session.
    await t.core.invoke('session:close', { id: s.id });
    const after = await t.rowsUntil(s.id, (r) => r[r.length - 1].text === 'closed');
    expect(after).toHaveLength(rows.length + 1);
    expect(await t.info(s.id)).toMatchObject({ state: 'closed' });
  });

  it('2. input only: each reply satisfies one input(); the script prints to its own terminal', async () => {
    const py = runPython(`${CLIENT_PRELUDE}
sock = connect()
sys.stdin = sock.makefile('r')
for i in range(3):
    reply = input()
    sys.__stdout__.write('got %d: %r\\n' % (i, reply))
    sys.__stdout__.flush()
`, [t.port]);
    const s = await t.session((x) => x.origin === 'accepted');
    for (const [i, word] of ['alpha', 'beta gamma', 'δέλτα'].entries()) {
      await t.send(s.id, word);
      await py.waitStdout(`got ${i}: '${word}'`);
    }
    const out = await expectExit0(py);
    expect(out).toBe("got 0: 'alpha'\ngot 1: 'beta gamma'\ngot 2: 'δέλτα'\n");
    const rows = await t.rowsUntil(s.id, finished);
    expect(texts(rows, 'out')).toEqual([]);
    expect(texts(rows, 'sent')).toEqual(['alpha', 'beta gamma', 'δέλτα']);
  });

  it('3. both ways, script speaks first: prompt, reply, repeat', async () => {
    const py = runPython(`${CLIENT_PRELUDE}
sock = connect()
sys.stdout = sock.makefile('w')
sys.stdin = sock.makefile('r')
print('Hello, I will ask three questions.')
answers = []
for q in ['Name? ', 'Colour? ', 'Quest? ']:
    answers.append(input(q))
    print('You said', repr(answers[-1]))
print('Bye:', '/'.join(answers))
`, [t.port]);
    const s = await t.session((x) => x.origin === 'accepted');
    for (const [q, a] of [['Name? ', 'Ann'], ['Colour? ', 'blue'], ['Quest? ', 'the grail']]) {
      // The prompt is an unfinished line: it must be visible before the person answers.
      await t.rowsUntil(s.id, opened(q));
      await t.send(s.id, a);
    }
    await expectExit0(py);
    const rows = await t.rowsUntil(s.id, finished);
    expect(dialog(rows).slice(1)).toEqual([
      'out:Hello, I will ask three questions.',
      'out:Name? ', 'sent:Ann', "out:You said 'Ann'",
      'out:Colour? ', 'sent:blue', "out:You said 'blue'",
      'out:Quest? ', 'sent:the grail', "out:You said 'the grail'",
      'out:Bye: Ann/blue/the grail',
      'note:script finished sending (EOF); it may have exited, so replies may not be read',
    ]);
    // The answer continues the prompt's line of the script's stream.
    expect(rows.find((r) => r.text === "You said 'Ann'")!.cont).toBe(true);
    expect(rows.every((r) => !r.open)).toBe(true);
  });

  it('4. both ways, script is the listener: Porthole connects out and speaks first', async () => {
    const py = runPython(`
import sys
from socket import socket, AF_INET, SOCK_STREAM, SOL_SOCKET, SO_REUSEADDR
sock = socket(AF_INET, SOCK_STREAM)
sock.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
sock.bind(('127.0.0.1', 0))
sock.listen(5)
sys.__stdout__.write('PORT %d\\n' % sock.getsockname()[1]); sys.__stdout__.flush()
conn, addr = sock.accept()
sys.stdout = conn.makefile('w')
sys.stdin = conn.makefile('r')
for i in range(3):
    line = input()
    print('reply %d to %s' % (i, line.upper()))
    sys.stdout.flush()
`);
    await py.waitStdout(/PORT \d+/);
    const port = Number(/PORT (\d+)/.exec(py.stdout())![1]);
    const c = await t.core.invoke('connect:start', { host: '127.0.0.1', port, retryMs: 100 });
    expect(c.state).toBe('trying');
    const s = await t.session((x) => x.origin === 'connected');
    expect(s.peer).toContain(`127.0.0.1:${port}`);
    for (const [i, w] of ['one', 'two', 'three'].entries()) {
      await t.send(s.id, w);
      await t.rowsUntil(s.id, (r) => texts(r, 'out').includes(`reply ${i} to ${w.toUpperCase()}`));
    }
    await expectExit0(py);
    const rows = await t.rowsUntil(s.id, finished);
    expect(dialog(rows)).toEqual([
      `note:connected to 127.0.0.1:${port}`,
      'sent:one', 'out:reply 0 to ONE', 'sent:two', 'out:reply 1 to TWO', 'sent:three', 'out:reply 2 to THREE',
      'note:script finished sending (EOF); it may have exited, so replies may not be read',
    ]);
    const [conn] = await t.core.invoke('connect:list', null);
    expect(conn).toMatchObject({ state: 'connected', sessionId: s.id });
  });

  it('5. both ways, Porthole speaks first: the script waits in input() before printing', async () => {
    const py = runPython(`${CLIENT_PRELUDE}
sock = connect()
sys.stdout = sock.makefile('w')
sys.stdin = sock.makefile('r')
total = 0
while True:
    line = input()
    if line == 'quit':
        break
    total += int(line)
    print('sum so far', total)
print('final', total)
`, [t.port]);
    const s = await t.session((x) => x.origin === 'accepted');
    await t.rowsUntil(s.id, (r) => r.length >= 1);
    expect(texts(await t.rows(s.id), 'out')).toEqual([]);
    for (const [n, sum] of [[5, 5], [10, 15], [27, 42]]) {
      await t.send(s.id, String(n));
      await t.rowsUntil(s.id, (r) => texts(r, 'out').includes(`sum so far ${sum}`));
    }
    // CRLF replies are one line ending for the script too (Python's universal newlines).
    await t.send(s.id, 'quit', 'crlf');
    await expectExit0(py);
    const rows = await t.rowsUntil(s.id, finished);
    expect(dialog(rows).slice(1)).toEqual([
      'sent:5', 'out:sum so far 5', 'sent:10', 'out:sum so far 15', 'sent:27', 'out:sum so far 42', 'sent:quit', 'out:final 42',
      'note:script finished sending (EOF); it may have exited, so replies may not be read',
    ]);
    const info = await t.info(s.id);
    expect(info.bytesOut).toBe('5\n10\n27\nquit\r\n'.length);
    expect(info.linesOut).toBe(4);
  });
});

describe('several clients at once', () => {
  it('five concurrent clients: each its own session, order within each preserved', async () => {
    const N = 5;
    const LINES = 200;
    const runs = Array.from({ length: N }, (_, k) => runPython(`${CLIENT_PRELUDE}
sock = connect()
sys.stdout = sock.makefile('w')
sys.stdin = sock.makefile('r')
me = int(sys.argv[2])
print('client', me, 'ready')
sys.stdout.flush()
for i in range(${LINES}):
    print('client %d line %d' % (me, i))
    sys.stdout.flush()
    if i % 50 == 0:
        time.sleep(0.01)
reply = input('who am I? ')
print('client %d was told %s' % (me, reply))
`, [t.port, k]));
    const all = await waitSessions(t, N);
    // Each session answers its own client: find which by its first line.
    const byClient = new Map<number, number>();
    for (const s of all) {
      const rows = await t.rowsUntil(s.id, (r) => texts(r, 'out').some((x) => /^client \d ready$/.test(x)));
      const k = Number(/^client (\d)/.exec(texts(rows, 'out')[0])![1]);
      byClient.set(k, s.id);
    }
    expect([...byClient.keys()].sort()).toEqual([0, 1, 2, 3, 4]);
    for (const [k, id] of byClient) {
      await t.rowsUntil(id, opened('who am I? '));
      await t.send(id, `number ${k}`);
    }
    await Promise.all(runs.map((r) => expectExit0(r)));
    for (const [k, id] of byClient) {
      const rows = await t.rowsUntil(id, finished);
      expect(texts(rows, 'out')).toEqual([
        `client ${k} ready`,
        ...Array.from({ length: LINES }, (_, i) => `client ${k} line ${i}`),
        'who am I? ',
        `client ${k} was told number ${k}`,
      ]);
      expect(texts(rows, 'sent')).toEqual([`number ${k}`]);
    }
    const peers = new Set(all.map((s) => s.peer));
    expect(peers.size).toBe(N);
  });
});

async function waitSessions(t: TestCore, n: number) {
  await t.session(() => true);
  for (let i = 0; i < 500; i++) {
    const list = await t.sessions();
    if (list.length >= n) return list;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`fewer than ${n} sessions`);
}
