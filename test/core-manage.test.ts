/**
 * Sessions that stay manageable: a finished session can be taken off the list (its
 * transcript stays, among the past sessions), a past session can be deleted, and old
 * transcripts are deleted beyond the retention limits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startCore, type TestCore } from './helpers/core.ts';
import { expectExit0, oneScript, runPython } from './helpers/python.ts';
import { removeTempDirs, tempDir } from './helpers/temp-dir.ts';

afterAll(removeTempDirs);

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});


describe('removing and deleting', () => {
  it('a closed session leaves the list and shows among the past sessions; a live one cannot be removed', async () => {
    t = await startCore();
    await oneScript(t.port, 'first');
    const s = await t.session((x) => x.state === 'eof');
    await expect(t.core.invoke('session:remove', { id: s.id })).rejects.toThrow(`session ${s.id} is still open: close it first`);
    await t.core.invoke('session:close', { id: s.id });
    await t.session((x) => x.id === s.id && x.state === 'closed');
    await t.core.invoke('session:remove', { id: s.id });
    expect((await t.sessions()).map((x) => x.id)).not.toContain(s.id);
    await t.event('removed', (e) => e.id === s.id);
    const past = await t.core.invoke('past:list', null);
    expect(past.map((p) => p.key)).toContain(s.key);
    // Reopened, it reads as before.
    const again = await t.core.invoke('past:open', { key: s.key });
    expect((await t.rows(again.id)).some((r) => r.text === 'first')).toBe(true);
  });

  it('a past session is deleted from disk; a made-up or escaping key is refused', async () => {
    t = await startCore();
    await oneScript(t.port, 'to be deleted');
    const s = await t.session((x) => x.state === 'eof');
    await t.core.invoke('session:close', { id: s.id });
    await t.session((x) => x.id === s.id && x.state === 'closed');
    const dir = path.join(t.dataDir, 'sessions', s.key);
    expect(fs.existsSync(dir)).toBe(true);
    await t.core.invoke('past:delete', { key: s.key });
    expect(fs.existsSync(dir)).toBe(false);
    expect((await t.sessions()).map((x) => x.id)).not.toContain(s.id);
    await expect(t.core.invoke('past:delete', { key: s.key })).rejects.toThrow(`no past session '${s.key}'`);
    await expect(t.core.invoke('past:delete', { key: '..' })).rejects.toThrow("no past session '..'");
    await expect(t.core.invoke('past:delete', { key: '../../etc' })).rejects.toThrow('no past session');
  });
});

describe('retention', () => {
  it('keeps the newest past sessions within the count and size limits, at start', async () => {
    const dataDir = tempDir('porthole-retention-');
    // Ten sessions of 1 KiB each, a minute apart.
    for (let i = 0; i < 10; i++) {
      const key = `20260101-00${String(i).padStart(2, '0')}00-1-${i}`;
      const dir = path.join(dataDir, 'sessions', key);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'out.bin'), 'x'.repeat(1024));
      fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ porthole: 1, key, name: `s${i}`, peer: 'p', startedAt: Date.UTC(2026, 0, 1, 0, i) }));
    }
    t = await startCore({ dataDir, noListener: true, retention: { maxSessions: 6, maxBytes: 1024 ** 3 } });
    expect((await t.core.invoke('past:list', null)).map((p) => p.name)).toEqual(['s9', 's8', 's7', 's6', 's5', 's4']);
    await t.event('notice', (e) => /Deleted the 4 oldest past sessions/.test(e.message));
    await t.close();
    t = await startCore({ dataDir, noListener: true, retention: { maxSessions: 100, maxBytes: 3 * 1024 } });
    expect((await t.core.invoke('past:list', null)).map((p) => p.name)).toEqual(['s9', 's8', 's7']);
  });
});

describe('names', () => {
  it.runIf(process.platform === 'linux')('a bare-socket script on this machine is named after its program, with its pid', async () => {
    t = await startCore();
    const py = runPython(`
import socket, sys, os
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s.sendall(b'pid %d\\n' % os.getpid())
s.recv(10)
`, [t.port]);
    const s = await t.session((x) => x.linesIn === 1);
    const named = await t.session((x) => x.id === s.id && x.pid !== undefined, 5_000);
    const pid = Number((await t.rows(s.id)).find((r) => r.kind === 'out')!.text.slice(4));
    expect(named.pid).toBe(pid);
    expect(named.name).toMatch(/^client-\d+\.py$/);
    expect(named.peer).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(named.command).toMatch(/python3 -u \S+client-\d+\.py \d+$/);
    await t.send(s.id, 'bye');
    await expectExit0(py);
  });
});
