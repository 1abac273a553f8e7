/** Connecting out to a script that listens late, and a listening port that is already taken. */
import net from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { dialog, startCore, texts, type TestCore } from './helpers/core.ts';
import { expectExit0, runPython } from './helpers/python.ts';
import { removeTempDirs } from './helpers/temp-dir.ts';

let t: TestCore;
afterEach(async () => {
  await t?.close();
});
afterAll(removeTempDirs);

function occupy(): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((s) => s.destroy());
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => resolve(server));
  });
}

const portOf = (s: net.Server) => (s.address() as net.AddressInfo).port;

describe('connecting out', () => {
  it('retries until a script that starts listening two seconds later is up', async () => {
    const hold = await occupy();
    const port = portOf(hold);
    await new Promise((r) => hold.close(r));
    const py = runPython(`
import sys, time
from socket import socket, AF_INET, SOCK_STREAM, SOL_SOCKET, SO_REUSEADDR
time.sleep(2)
sock = socket(AF_INET, SOCK_STREAM)
sock.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
sock.bind(('127.0.0.1', int(sys.argv[1])))
sock.listen(5)
conn, addr = sock.accept()
sys.stdout = conn.makefile('w')
sys.stdin = conn.makefile('r')
print('late listener here')
sys.stdout.flush()
print('you said', input())
`, [port]);
    const started = Date.now();
    t = await startCore({ noListener: true, connects: [{ host: '127.0.0.1', port, retryMs: 100 }] });
    const retrying = await t.event('connects', (e) => e.connects[0]?.attempts >= 3 && e.connects[0].state === 'trying');
    expect(retrying.connects[0].error).toBe('nothing is listening there yet');
    const s = await t.session((x) => x.origin === 'connected', 10_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    await t.rowsUntil(s.id, (r) => texts(r, 'out').includes('late listener here'));
    await t.send(s.id, 'welcome');
    await expectExit0(py);
    const rows = await t.rowsUntil(s.id, (r) => texts(r, 'note').includes('script finished sending (EOF); it may have exited, so replies may not be read'));
    expect(dialog(rows)).toEqual([
      `note:connected to 127.0.0.1:${port}`, 'out:late listener here', 'sent:welcome', 'out:you said welcome', 'note:script finished sending (EOF); it may have exited, so replies may not be read',
    ]);
    const [c] = await t.core.invoke('connect:list', null);
    expect(c).toMatchObject({ state: 'connected', sessionId: s.id });
    // About one attempt per 100 ms over the two seconds (generous bounds for a busy machine).
    expect(c.attempts).toBeGreaterThanOrEqual(5);
    expect(c.attempts).toBeLessThanOrEqual(25);
  });

  it('gives up after giveUpMs with a message naming the address', async () => {
    const hold = await occupy();
    const port = portOf(hold);
    await new Promise((r) => hold.close(r));
    t = await startCore({ noListener: true });
    await t.core.invoke('connect:start', { host: '127.0.0.1', port, retryMs: 50, giveUpMs: 300 });
    const failed = await t.event('connects', (e) => e.connects[0]?.state === 'failed');
    expect(failed.connects[0].error).toMatch(new RegExp(`could not connect to 127\\.0\\.0\\.1:${port} after \\d+ attempts: nothing is listening there yet`));
    expect(await t.sessions()).toEqual([]);
  });
});

describe('a port already in use', () => {
  it('marks the listener as an error naming the port and what to do; the service keeps working', async () => {
    const busy = await occupy();
    const port = portOf(busy);
    try {
      t = await startCore({ listeners: [{ host: '127.0.0.1', port }, { host: '127.0.0.1', port: 0 }] });
      const [bad, good] = await t.core.invoke('listener:list', null);
      expect(bad.state).toBe('error');
      expect(bad.error).toContain(`port ${port}`);
      expect(bad.error).toMatch(/already in use/);
      expect(bad.error).toMatch(/choose another port/);
      const notice = await t.event('notice', (e) => e.level === 'error');
      expect(notice.message).toBe(bad.error);
      expect(good.state).toBe('listening');

      // Adding it again at run time reports the same, without throwing.
      const again = await t.core.invoke('listener:add', { host: '127.0.0.1', port });
      expect(again).toMatchObject({ state: 'error' });
      expect(again.error).toContain(`port ${port}`);
      // The caller shows why; the failed listener is not kept, nor reported a second time.
      expect((await t.core.invoke('listener:list', null)).map((l) => l.id)).toEqual([bad.id, good.id]);
      expect(t.events.filter((e) => e.type === 'notice' && e.level === 'error')).toHaveLength(1);

      const py = runPython(`
import sys
from socket import socket, AF_INET, SOCK_STREAM
sock = socket(AF_INET, SOCK_STREAM)
sock.connect(('127.0.0.1', int(sys.argv[1])))
sys.stdout = sock.makefile('w')
print('through the other listener')
`, [good.port!]);
      await expectExit0(py);
      const s = await t.session((x) => x.listenerId === good.id);
      await t.rowsUntil(s.id, (r) => texts(r, 'out').includes('through the other listener'));
    } finally {
      await new Promise((r) => busy.close(r));
    }
  });
});
