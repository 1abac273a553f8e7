/** A session renamed by the person keeps that name: in the list, after it ends, among the past sessions and when reopened. */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startCore, type TestCore } from './helpers/core.ts';
import { oneScript } from './helpers/python.ts';
import { removeTempDirs, tempDir } from './helpers/temp-dir.ts';

afterAll(removeTempDirs);

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});


describe('renaming a session', () => {
  it('keeps the name through the end of the session, among the past sessions, after a restart and when reopened', async () => {
    const dataDir = tempDir('porthole-rename-');
    t = await startCore({ dataDir });
    await oneScript(t.port, 'hello');
    const s = await t.session((x) => x.state === 'eof');
    const renamed = await t.core.invoke('session:rename', { id: s.id, name: '  login flow, run 3  ' });
    expect(renamed.name).toBe('login flow, run 3');
    expect((await t.info(s.id)).name).toBe('login flow, run 3');
    await t.event('session', (e) => e.session.id === s.id && e.session.name === 'login flow, run 3');
    await t.core.invoke('session:close', { id: s.id });
    await t.session((x) => x.id === s.id && x.state === 'closed');
    await t.close();

    t = await startCore({ dataDir });
    const past = await t.core.invoke('past:list', null);
    expect(past.find((p) => p.key === s.key)?.name).toBe('login flow, run 3');
    const again = await t.core.invoke('past:open', { key: s.key });
    expect(again.name).toBe('login flow, run 3');
    // A past session can be renamed too; the new name is what the list shows next time.
    expect((await t.core.invoke('session:rename', { id: again.id, name: 'checked' })).name).toBe('checked');
    await t.close();
    t = await startCore({ dataDir });
    expect((await t.core.invoke('past:list', null)).find((p) => p.key === s.key)?.name).toBe('checked');
  });

  it.each([
    ['', 'a session name cannot be empty'],
    ['   ', 'a session name cannot be empty'],
    ['two\nlines', 'cannot hold control characters'],
    ['bell\u0007', 'cannot hold control characters'],
    ['gpj.\u202eexe', 'direction overrides'],
    ['x'.repeat(201), 'at most 200 characters'],
  ])('refuses %j with a clear message', async (name, message) => {
    t = await startCore();
    await oneScript(t.port, 'x');
    const s = await t.session((x) => x.state === 'eof');
    await expect(t.core.invoke('session:rename', { id: s.id, name })).rejects.toThrow(message);
    expect((await t.info(s.id)).name).toBe(s.name);
  });
});
