/** scripts/clients/python/porthole.py against a real Porthole core, with real python3 processes. */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../shared/types.ts';
import { startPorthole, texts, waitFor, type TestPorthole } from './fixtures/porthole-core.ts';
import { python } from './fixtures/python-process.ts';
import { freePort } from './helpers/free-port.ts';

let ph: TestPorthole;
let tmp: string;
beforeAll(async () => {
  ph = await startPorthole();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'porthole-py-'));
});
afterAll(async () => {
  await ph?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Starts `code` and returns the new session it opens. */
async function startScript(code: string, env: NodeJS.ProcessEnv = {}) {
  const before = new Set((await ph.sessions()).map((s) => s.id));
  const py = python(['-c', code], env);
  const session = await ph.session((s) => !before.has(s.id));
  return { py, session };
}

const closedNote = (rows: { kind: string; text: string }[]) => rows.some((r) => r.kind === 'note' && /finished sending|closed/.test(r.text));

describe('the classic redirect API', () => {
  it('1. output only: lines arrive as printed, without flush', async () => {
    const { py, session } = await startScript(
      `from porthole import redirectOut\nimport time\nredirectOut(port=${ph.port})\nfor i in range(3):\n    print('line', i)\n    time.sleep(0.5)\n`,
    );
    const early = await ph.rowsUntil(session.id, (rows) => texts(rows, 'out').includes('line 0'), 2000);
    expect(texts(early, 'out')).not.toContain('line 2');
    const rows = await ph.rowsUntil(session.id, closedNote);
    expect(texts(rows, 'out')).toEqual(['line 0', 'line 1', 'line 2']);
    expect(session.pid).toBeUndefined();
    expect((await py.done).code).toBe(0);
  });

  it('2. input only: each reply satisfies one input(), output stays on the terminal', async () => {
    const { py, session } = await startScript(
      `from porthole import redirectIn\nredirectIn(port=${ph.port})\nfor i in range(2):\n    print('got', input(), flush=True)\n`,
    );
    await ph.send(session.id, 'first');
    await waitFor('the first reply', () => py.stdout().includes('got first'));
    await ph.send(session.id, 'second');
    const done = await py.done;
    expect(done.stdout).toBe('got first\ngot second\n');
    expect(texts(await ph.rows(session.id), 'out')).toEqual([]);
  });

  it('3. both ways, the script speaks first', async () => {
    const { py, session } = await startScript(
      `from porthole import redirectBothAsClient\nredirectBothAsClient(port=${ph.port})\nfor i in range(2):\n    print('question', i)\n    print('answer was', input())\n`,
    );
    await ph.rowsUntil(session.id, (rows) => texts(rows, 'out').includes('question 0'));
    await ph.send(session.id, 'yes');
    await ph.rowsUntil(session.id, (rows) => texts(rows, 'out').includes('question 1'));
    await ph.send(session.id, 'no');
    const rows = await ph.rowsUntil(session.id, closedNote);
    expect(texts(rows, 'out')).toEqual(['question 0', 'answer was yes', 'question 1', 'answer was no']);
    expect((await py.done).code).toBe(0);
  });

  it('4. both ways, the script listens and Porthole connects out', async () => {
    const port = await freePort();
    const py = python(['-c', `from porthole import redirectBothAsServer\nredirectBothAsServer(port=${port})\nfor i in range(2):\n    print('reply to', input())\n`]);
    const before = new Set((await ph.sessions()).map((s) => s.id));
    await ph.core.invoke('connect:start', { host: '127.0.0.1', port, retryMs: 100 });
    const session = await ph.session((s: SessionInfo) => !before.has(s.id) && s.origin === 'connected');
    await ph.send(session.id, 'ping');
    await ph.rowsUntil(session.id, (rows) => texts(rows, 'out').includes('reply to ping'));
    await ph.send(session.id, 'pong');
    const rows = await ph.rowsUntil(session.id, closedNote);
    expect(texts(rows, 'out')).toEqual(['reply to ping', 'reply to pong']);
    expect((await py.done).code).toBe(0);
  });

  it('5. both ways, Porthole speaks first', async () => {
    const { py, session } = await startScript(
      `from porthole import redirectBothAsClient\nredirectBothAsClient(port=${ph.port})\nfor i in range(2):\n    x = input()\n    print('echo', x)\n`,
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(texts(await ph.rows(session.id), 'out')).toEqual([]);
    await ph.send(session.id, 'a');
    await ph.rowsUntil(session.id, (rows) => texts(rows, 'out').includes('echo a'));
    await ph.send(session.id, 'b');
    const rows = await ph.rowsUntil(session.id, closedNote);
    expect(texts(rows, 'out')).toEqual(['echo a', 'echo b']);
    expect((await py.done).code).toBe(0);
  });

  it('raises NotListening with the address and how to start Porthole', async () => {
    const port = await freePort();
    const done = await python(['-c', `import porthole\ntry:\n    porthole.redirectOut(port=${port})\nexcept porthole.NotListening as e:\n    print(e)\n`]).done;
    expect(done.stdout).toContain(`Porthole is not listening on localhost:${port}`);
    expect(done.stdout).toContain(`porthole listen --port ${port}`);
  });
});

describe('attach()', () => {
  it('sends stdout and stderr apart, with the script name and pid, and reads stdin', async () => {
    const script = path.join(tmp, 'greeter.py');
    fs.writeFileSync(script, `import sys, os, porthole\nporthole.attach()\nprint('pid', os.getpid())\nprint('careful', file=sys.stderr)\nname = input('Name? ')\nprint('Hello,', name)\n`);
    const py = python([script], { PORTHOLE_PORT: String(ph.port) });
    const session = await ph.session('greeter.py');
    expect(session.pid).toBe(py.child.pid);
    await ph.rowsUntil(session.id, (rows) => rows.some((r) => r.kind === 'out' && r.open && r.text === 'Name? '));
    await ph.send(session.id, 'Ada');
    const rows = await ph.rowsUntil(session.id, (rows) => rows.some((r) => /exited with status 0/.test(r.text)));
    expect(texts(rows, 'out')).toEqual([`pid ${py.child.pid}`, 'Name? Hello, Ada']);
    expect(texts(rows, 'err')).toEqual(['careful']);
    expect((await py.done).code).toBe(0);
  });

  it('detach() restores the original streams', async () => {
    const { py, session } = await startScript(
      `import porthole\nporthole.attach(name='brief', port=${ph.port})\nprint('to porthole')\nporthole.detach()\nprint('to the terminal')\n`,
    );
    // The session exists from the connection; its name arrives with the hello just after.
    const named = await ph.session((s) => s.id === session.id && s.name !== session.peer);
    expect(named.name).toBe('brief');
    const rows = await ph.rowsUntil(session.id, (rows) => rows.some((r) => /exited with status 0/.test(r.text)));
    expect(texts(rows, 'out')).toEqual(['to porthole']);
    expect((await py.done).stdout).toBe('to the terminal\n');
  });

  it('reports an uncaught exception on stderr and as exit status 1', async () => {
    const { py, session } = await startScript(`import porthole\nporthole.attach(port=${ph.port})\nraise ValueError('boom')\n`);
    const rows = await ph.rowsUntil(session.id, (rows) => rows.some((r) => /exited with status 1/.test(r.text)));
    expect(texts(rows, 'err').join('\n')).toContain('ValueError: boom');
    expect((await py.done).code).toBe(1);
  });

  it('raises NotListening when Porthole is not there', async () => {
    const port = await freePort();
    const done = await python(['-c', `import porthole\ntry:\n    porthole.attach(port=${port})\nexcept porthole.NotListening as e:\n    print('NotListening:', e)\n`]).done;
    expect(done.stdout).toMatch(new RegExp(`^NotListening: Porthole is not listening on localhost:${port}`));
  });
});

describe('python -m porthole', () => {
  it('runs an unmodified script attached, with its arguments and exit status', async () => {
    const script = path.join(tmp, 'plain_script.py');
    fs.writeFileSync(script, `import sys, time\nprint('args', sys.argv[1:])\nprint('warning', file=sys.stderr)\ntime.sleep(0.5)\nfor line in sys.stdin:\n    print('read', line.strip())\nsys.exit(3)\n`);
    const py = python(['-m', 'porthole', '--port', String(ph.port), script, 'x', 'y z']);
    const session = await ph.session('plain_script.py');
    // Printed before the sleep, without a flush: there while the script still runs.
    await ph.rowsUntil(session.id, (rows) => texts(rows, 'out').includes("args ['x', 'y z']"), 2000);
    await ph.send(session.id, 'one');
    await ph.eof(session.id);
    const rows = await ph.rowsUntil(session.id, (rows) => rows.some((r) => /exited with status 3/.test(r.text)));
    expect(texts(rows, 'out')).toEqual(["args ['x', 'y z']", 'read one']);
    expect(texts(rows, 'err')).toEqual(['warning']);
    expect((await py.done).code).toBe(3);
  });
});

describe('plain clients', () => {
  it.each([
    ['text', 'hello\n'],
    ['a NUL byte but not the magic', '\x00PORTHOLE-not-a-hello\n'],
    ['a prefix of the magic', '\x00PORT\n'],
    ['the magic after other bytes', ' \x00PORTHOLE/1 {"name":"x","framed":true}\n'],
  ])('are never mistaken for a hello: %s', async (_what, text) => {
    const before = new Set((await ph.sessions()).map((s) => s.id));
    const sock = net.connect({ host: '127.0.0.1', port: ph.port });
    await new Promise((r) => sock.once('connect', r));
    sock.end(Buffer.from(text, 'latin1'));
    const session = await ph.session((s) => !before.has(s.id));
    const rows = await ph.rowsUntil(session.id, closedNote);
    expect(texts(rows, 'out')).toEqual([text.slice(0, -1)]);
    const info = await ph.session((s) => s.id === session.id);
    expect(info.pid).toBeUndefined();
    expect(info.name).not.toBe('x');
    sock.destroy();
  });
});
