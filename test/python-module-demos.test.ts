/** The demos in scripts/demos/ run against a real Porthole core and do what their READMEs say. */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../shared/types.ts';
import { startPorthole, texts, waitFor, type TestPorthole } from './fixtures/porthole-core.ts';
import { python } from './fixtures/python-process.ts';
import { porthole, REPO } from './fixtures/run-process.ts';
import { freePort } from './helpers/free-port.ts';

let ph: TestPorthole;
beforeAll(async () => {
  ph = await startPorthole();
});
afterAll(async () => {
  await ph?.stop();
});

const demo = (name: string) => path.join(REPO, 'scripts/demos', name);
const exited = (rows: { kind: string; text: string }[]) => rows.some((r) => r.kind === 'note' && /exited|finished sending|closed/.test(r.text));

async function startDemo(name: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const before = new Set((await ph.sessions()).map((s) => s.id));
  const py = python([demo(name), ...args], { PORTHOLE_PORT: String(ph.port), ...env });
  const session = await ph.session((s: SessionInfo) => !before.has(s.id));
  return { py, session };
}

describe('demos', () => {
  it('dialog3: the script asks, the person answers', async () => {
    const { py, session } = await startDemo('dialog3_script_speaks_first.py');
    for (const answer of ['Arthur', 'the Grail', 'blue']) {
      await ph.rowsUntil(session.id, (rows) => texts(rows, 'out').filter((t) => t.endsWith('?')).length > texts(rows, 'sent').length);
      await ph.send(session.id, answer);
    }
    const rows = await ph.rowsUntil(session.id, exited);
    expect(texts(rows, 'out')).toEqual([
      'What is your name?', 'You said: Arthur', 'What is your quest?', 'You said: the Grail', 'What is your favourite colour?', 'You said: blue',
    ]);
    expect((await py.done).code).toBe(0);
  });

  it('dialog4: Porthole connects out to the listening script', async () => {
    const free = await freePort();
    const py = python([demo('dialog4_script_listens.py')], { PORTHOLE_PORT: String(free - 1) });
    const before = new Set((await ph.sessions()).map((s) => s.id));
    await ph.core.invoke('connect:start', { host: '127.0.0.1', port: free, retryMs: 100 });
    const session = await ph.session((s) => !before.has(s.id) && s.origin === 'connected');
    await ph.send(session.id, 'hello');
    await ph.rowsUntil(session.id, (rows) => texts(rows, 'out').includes('Server got: hello'));
    await ph.eof(session.id);
    // input() at end of file raises EOFError: the script ends.
    expect((await py.done).code).toBe(1);
  });

  it('dialog5: Porthole speaks first', async () => {
    const { py, session } = await startDemo('dialog5_porthole_speaks_first.py');
    await ph.send(session.id, 'stressed');
    await ph.rowsUntil(session.id, (rows) => texts(rows, 'out').includes('desserts'));
    await ph.send(session.id, 'quit');
    const rows = await ph.rowsUntil(session.id, exited);
    expect(texts(rows, 'out')).toEqual(['desserts', 'bye']);
    expect((await py.done).code).toBe(0);
  });

  it('prompt: an open row for the prompt, answered from the session', async () => {
    const { py, session } = await startDemo('prompt.py');
    // The session exists from the connection; its name arrives with the hello just after.
    const named = await ph.session((s: SessionInfo) => s.id === session.id && s.name !== session.peer);
    expect(named.name).toBe('prompt.py');
    await ph.rowsUntil(session.id, (rows) => rows.some((r) => r.open && r.text === 'Name? '));
    await ph.send(session.id, 'Ada');
    await ph.rowsUntil(session.id, (rows) => rows.some((r) => r.open && r.text.endsWith('Age? ')));
    await ph.send(session.id, '36');
    const rows = await ph.rowsUntil(session.id, (rows) => rows.some((r) => /exited with status 0/.test(r.text)));
    expect(texts(rows, 'out').join('\n')).toContain('Hello, Ada (36)');
    expect((await py.done).code).toBe(0);
  });

  it('colours: escape codes arrive intact, stderr apart', async () => {
    const { py, session } = await startDemo('colours.py');
    const rows = await ph.rowsUntil(session.id, (rows) => rows.some((r) => /exited with status 0/.test(r.text)));
    expect(texts(rows, 'out')).toContain('\x1b[31mred\x1b[0m');
    expect(texts(rows, 'err')).toEqual(['this line goes to stderr']);
    expect((await py.done).code).toBe(0);
  });

  it('flood: every line arrives, in order', async () => {
    const { py, session } = await startDemo('flood.py', ['20000']);
    const rows = await ph.rowsUntil(session.id, (rows) => rows.some((r) => /exited with status 0/.test(r.text)), 20_000);
    const out = texts(rows, 'out');
    expect(out).toHaveLength(20000);
    expect(out.every((t, i) => t.startsWith(String(i).padStart(9, '0')))).toBe(true);
    expect(texts(rows, 'err')[0]).toMatch(/^20000 lines in/);
    expect((await py.done).code).toBe(0);
  });

  it('five_clients: five sessions at once, each in order', async () => {
    const before = new Set((await ph.sessions()).map((s) => s.id));
    const py = python([demo('five_clients.py')], { PORTHOLE_PORT: String(ph.port) });
    const sessions = await waitFor('five sessions', async () => {
      const fresh = (await ph.sessions()).filter((s) => !before.has(s.id));
      return fresh.length === 5 && fresh;
    });
    // All five were open at the same time.
    expect(sessions.filter((s) => s.state === 'live').length).toBeGreaterThan(1);
    expect((await py.done).code).toBe(0);
    const seen = new Set<string>();
    for (const s of sessions) {
      const out = texts(await ph.rowsUntil(s.id, exited), 'out');
      const n = /^client (\d):/.exec(out[0])![1];
      seen.add(n);
      expect(out).toEqual([0, 1, 2, 3, 4].map((i) => `client ${n}: message ${i}`));
    }
    expect(seen.size).toBe(5);
  });

  it('forgets_to_flush: under porthole run, each step shows as printed', async () => {
    const r = porthole(['run', '--port', String(ph.port), '--', 'python3', demo('forgets_to_flush.py')]);
    const s = await ph.session('forgets_to_flush.py');
    await ph.rowsUntil(s.id, (rows) => texts(rows, 'out').includes('step 2 of 10 done'), 4000);
    expect(r.child.exitCode).toBeNull();
    await ph.closeSession(s.id);
    expect((await r.done).code).toBe(143);
  });
});
