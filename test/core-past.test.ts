/** Past sessions: listed and reopened read-only by a new service on the same data directory. */
import { afterAll, describe, expect, it } from 'vitest';
import { dialog, startCore, texts } from './helpers/core.ts';
import { expectExit0, runPython } from './helpers/python.ts';
import { removeTempDirs, tempDir } from './helpers/temp-dir.ts';

afterAll(removeTempDirs);

describe('past sessions', () => {
  it('are listed and reopened read-only after a restart; sending to one is a clear error', async () => {
    const dataDir = tempDir('porthole-past-');
    const first = await startCore({ dataDir });
    const py = runPython(`
import sys
from socket import socket, AF_INET, SOCK_STREAM
sock = socket(AF_INET, SOCK_STREAM)
sock.connect(('127.0.0.1', int(sys.argv[1])))
sys.stdout = sock.makefile('w')
sys.stdin = sock.makefile('r')
print('first run, line one')
print('Name? ', end='')
name = input()
print('Hello,', name)
for i in range(10):
    print('numbered', i)
`, [first.port]);
    const s = await first.session((x) => x.origin === 'accepted');
    await first.rowsUntil(s.id, (r) => r.some((x) => x.open && x.text === 'Name? '));
    await first.send(s.id, 'Zoë');
    await expectExit0(py);
    const live = await first.rowsUntil(s.id, (r) => r.some((x) => x.text === 'script finished sending (EOF); it may have exited, so replies may not be read'));
    const liveInfo = await first.info(s.id);
    // The session is listed as past only by a service that does not hold it live.
    expect((await first.core.invoke('past:list', null)).map((p) => p.key)).not.toContain(s.key);
    await first.close();

    const second = await startCore({ dataDir });
    try {
      const past = await second.core.invoke('past:list', null);
      const entry = past.find((p) => p.key === s.key);
      expect(entry).toMatchObject({ name: liveInfo.name, peer: liveInfo.peer, startedAt: liveInfo.startedAt, bytesIn: liveInfo.bytesIn, bytesOut: 'Zoë\n'.length + 1 });
      expect(entry!.endedAt).toBeGreaterThanOrEqual(entry!.startedAt);

      const info = await second.core.invoke('past:open', { key: s.key });
      expect(info).toMatchObject({ origin: 'past', readOnly: true, state: 'closed', key: s.key, bytesIn: liveInfo.bytesIn, linesIn: liveInfo.linesIn });
      const rows = await second.rows(info.id);
      // Everything the live session showed, plus the closing note written at shutdown.
      expect(dialog(rows).slice(0, live.length)).toEqual(dialog(live));
      expect(dialog(rows).slice(live.length)).toEqual(['note:closed']);
      expect(rows.map((r) => r.time).slice(0, live.length)).toEqual(live.map((r) => r.time));
      expect(texts(rows, 'sent')).toEqual(['Zoë']);

      await expect(second.core.invoke('session:send', { id: info.id, text: 'hello?', ending: 'lf' })).rejects.toThrow(/past session: it can be read, not sent to/);
      await expect(second.core.invoke('session:eof', { id: info.id })).rejects.toThrow(/past session/);
      await expect(second.core.invoke('session:close', { id: info.id })).rejects.toThrow(/past session/);
      // Opening it again gives the same session, not a second copy.
      expect((await second.core.invoke('past:open', { key: s.key })).id).toBe(info.id);
      // Reopened sessions can be searched like live ones.
      const { searchId } = await second.core.invoke('search:start', { id: info.id, query: 'numbered', regex: false, caseSensitive: true });
      expect(await second.event('search', (e) => e.searchId === searchId && e.done)).toMatchObject({ matches: 10, rows: 10 });

      await expect(second.core.invoke('past:open', { key: 'no-such-key' })).rejects.toThrow(/no past session 'no-such-key'/);
      await expect(second.core.invoke('past:open', { key: '../etc' })).rejects.toThrow(/no past session/);
    } finally {
      await second.close();
    }
  });
});
