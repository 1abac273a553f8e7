/**
 * Session lifecycle and resources: finished scripts do not block new ones, a closed
 * session holds no descriptor, a reply to a script that has exited is reported as not
 * delivered, replies to a script that does not read are bounded.
 */
import fs from 'node:fs';
import net from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startCore, texts, type TestCore } from './helpers/core.ts';
import { expectExit0, runPython } from './helpers/python.ts';
import { removeTempDirs } from './helpers/temp-dir.ts';
import { waitFor } from './helpers/wait.ts';

afterAll(removeTempDirs);

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

const openFds = () => fs.readdirSync('/proc/self/fd').length;

describe('finished scripts', () => {
  it('300 scripts that print and exit, with a limit of 256: none refused, at most 32 half-closed connections kept', { timeout: 60_000 }, async () => {
    t = await startCore();
    const fdsBefore = openFds();
    const py = runPython(`
import socket, sys
for i in range(300):
    s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
    f = s.makefile('w')
    print('script', i, 'says hello', file=f)
    f.close(); s.close()
`, [t.port]);
    await expectExit0(py, 45_000);
    const all = await waitFor('300 sessions with their line', async () => {
      const list = await t!.sessions();
      return list.length === 300 && list.every((s) => s.linesIn === 1 && s.state !== 'live') && list;
    }, 20_000, async () => (await t!.sessions()).length);
    expect(t.events.filter((e) => e.type === 'notice' && /refused/.test(e.message))).toEqual([]);
    const halfOpen = all.filter((s) => s.state === 'eof');
    expect(halfOpen.length).toBeLessThanOrEqual(32);
    // The retired ones say why they were closed.
    const retired = all.find((s) => s.state === 'closed')!;
    expect(texts(await t.rows(retired.id), 'note').join('\n')).toMatch(/closed: Porthole keeps at most 32 finished scripts' connections open/);
    // Descriptors: the 32 kept sockets and the shared read cache (at most 32), not 4 per session;
    // a few more may be open for a moment while a program-name lookup reads /proc.
    expect(openFds() - fdsBefore).toBeLessThanOrEqual(32 + 32 + 4);
  });

  it('ten thousand finished sessions stay cheap: under 3 KB of memory each', { timeout: 120_000 }, async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    t = await startCore();
    const port = t.port;
    const one = () => new Promise<void>((done) => {
      const s = net.connect(port, '127.0.0.1', () => s.write('a script says hello\n', () => s.destroy()));
      s.on('close', () => done());
      s.on('error', () => done());
    });
    const settle = async () => {
      // Past the sleeping rule's read age and tick, then a full collection.
      await new Promise((r) => setTimeout(r, 1_600));
      gc();
      return process.memoryUsage();
    };
    for (let i = 0; i < 500; i++) await one();
    t.events.length = 0;
    const m0 = await settle();
    const fds0 = openFds();
    const N = 10_000;
    for (let i = 0; i < N; i++) {
      await one();
      // The harness records every event; those are the test's memory, not the core's.
      if (i % 500 === 0) t.events.length = 0;
    }
    t.events.length = 0;
    const m1 = await settle();
    const perSession = (m1.heapUsed - m0.heapUsed + m1.arrayBuffers - m0.arrayBuffers + m1.external - m0.external) / N;
    process.stdout.write(`memory per finished session: ${perSession.toFixed(0)} B (heap ${((m1.heapUsed - m0.heapUsed) / N).toFixed(0)} B); fds ${fds0} → ${openFds()}\n`);
    expect((await t.sessions()).length).toBe(N + 500);
    expect(perSession).toBeLessThan(3 * 1024);
    // The 32 half-closed sockets were already open at the start; the shared read cache may fill up (32).
    expect(openFds()).toBeLessThanOrEqual(fds0 + 32 + 4);
  });

  it('a closed session keeps no descriptor and its rows stay readable', async () => {
    t = await startCore();
    const fdsBefore = openFds();
    const py = runPython(`
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s.sendall(b'out line\\n')
s.recv(100)
`, [t.port]);
    const s = await t.session((x) => x.linesIn === 1);
    await t.send(s.id, 'bye');
    await expectExit0(py);
    // A script that read everything and exited looks like a half-close: the person closes it.
    await t.session((x) => x.id === s.id && x.state === 'eof');
    await t.core.invoke('session:close', { id: s.id });
    await t.session((x) => x.id === s.id && x.state === 'closed');
    const rows = texts(await t.rows(s.id), 'out', 'sent');
    expect(rows).toEqual(['out line', 'bye']);
    // Only the shared, bounded read cache holds files of the session (the two streams just read);
    // a transient descriptor (the program-name lookup reading /proc) may come and go.
    const held = fs.readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return fs.readlinkSync(`/proc/self/fd/${fd}`).includes(s.key);
      } catch {
        return false;
      }
    });
    expect(held.length).toBeLessThanOrEqual(2);
    expect(openFds()).toBeLessThanOrEqual(fdsBefore + 3);
  });
});

describe('closed sessions put to sleep', () => {
  it('are read back from the transcript, notes, marks and counts intact', { timeout: 30_000 }, async () => {
    t = await startCore();
    const py = runPython(`
import socket, sys, time
for i in range(40):
    s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
    s.sendall(('script %d\\nprompt %d? ' % (i, i)).encode())
    s.shutdown(socket.SHUT_WR)
    time.sleep(0.01)
    s.close()
`, [t.port]);
    await expectExit0(py, 20_000);
    // Every script's EOF processed (on a busy machine the last ones may still be live when all 40 are listed).
    await waitFor('40 sessions, all finished sending', async () => {
      const list = await t!.sessions();
      return list.length === 40 && list.every((s) => s.state !== 'live');
    }, 10_000);
    // The 8 idlest were already closed (at most 32 half-closed are kept); the newest is still half-closed.
    const all = await t.sessions();
    expect(all.filter((s) => s.state === 'closed')).toHaveLength(8);
    const first = all[all.length - 1];
    await t.send(first.id, 'too late');
    await t.session((x) => x.id === first.id && x.state === 'closed' && x.undeliveredReplies === 1, 5_000);
    for (const s of await t.sessions()) if (s.state !== 'closed') await t.core.invoke('session:close', { id: s.id });
    await waitFor('all closed', async () => (await t!.sessions()).every((s) => s.state === 'closed'), 5_000);
    const before = await t.info(first.id);
    // Past the read-age and tick of the sleeping rule.
    await new Promise((r) => setTimeout(r, 1_800));
    expect((await t.core.memoryStats()).rows).toBeLessThan(40 * 6);
    expect(await t.info(first.id)).toEqual(before);
    const rows = await t.rows(first.id);
    expect(rows.map((r) => `${r.kind}:${r.text}${r.open ? '(open)' : ''}${r.undelivered ? '(undelivered)' : ''}`)).toEqual([
      expect.stringMatching(/^note:connected from 127\.0\.0\.1:\d+$/),
      'out:script 39',
      'out:prompt 39? ',
      'note:script finished sending (EOF); it may have exited, so replies may not be read',
      'sent:too late(undelivered)',
      'note:your reply was not delivered: the script had exited',
      'note:closed: the script had exited',
    ]);
  });
});

describe('a reply after the script exited', () => {
  it('is marked not delivered, and the session closes saying the script had exited', async () => {
    t = await startCore();
    const py = runPython(`
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
f = s.makefile('w')
print('done, bye', file=f)
f.close(); s.close()
`, [t.port]);
    await expectExit0(py);
    const s = await t.session((x) => x.state === 'eof');
    await t.send(s.id, 'are you there?');
    const closed = await t.session((x) => x.id === s.id && x.state === 'closed', 5_000);
    expect(closed.undeliveredReplies).toBe(1);
    const rows = await t.rows(s.id);
    const sent = rows.find((r) => r.kind === 'sent')!;
    expect(sent).toMatchObject({ text: 'are you there?', undelivered: true });
    const notes = texts(rows, 'note').join('\n');
    expect(notes).toContain('your reply was not delivered: the script had exited');
    expect(notes).toContain('closed: the script had exited');
    // A second send is a clear error, not another silent loss.
    await expect(t.send(s.id, 'again')).rejects.toThrow(/closed/);
  });

  it('a script that half-closed and still reads gets the reply, unmarked', async () => {
    t = await startCore();
    const py = runPython(`
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s.sendall(b'all said\\n')
s.shutdown(socket.SHUT_WR)
print('GOT', s.recv(100).decode().strip())
`, [t.port]);
    const s = await t.session((x) => x.state === 'eof');
    await t.send(s.id, 'still here');
    await py.waitStdout('GOT still here');
    await new Promise((r) => setTimeout(r, 300));
    const rows = await t.rows(s.id);
    expect(rows.find((r) => r.kind === 'sent')?.undelivered).toBeUndefined();
    expect((await t.info(s.id)).undeliveredReplies).toBe(0);
    await expectExit0(py);
  });
});

describe('a script that never reads', () => {
  it('replies queue up to the limit, then are refused with the queued size; only what was accepted is recorded', { timeout: 30_000 }, async () => {
    t = await startCore({ maxQueuedBytes: 4 * 1024 * 1024 });
    const py = runPython(`
import socket, sys, time
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s.sendall(b'I will not read\\n')
time.sleep(30)
`, [t.port]);
    try {
      const s = await t.session((x) => x.linesIn === 1);
      const piece = 'x'.repeat(512 * 1024);
      let accepted = 0;
      let refusal = '';
      for (let i = 0; i < 200; i++) {
        try {
          await t.send(s.id, piece, 'none');
          accepted += piece.length;
        } catch (err) {
          refusal = (err as Error).message;
          break;
        }
      }
      expect(refusal).toMatch(/^not sent: [\d.]+ MiB of replies are already waiting for session \d+'s script to read them \(the limit is 4 MiB\)/);
      // The kernel's buffers take some before the queue starts counting.
      expect(accepted).toBeLessThan(4 * 1024 * 1024 + 16 * 1024 * 1024);
      const info = await t.info(s.id);
      expect(info.bytesOut).toBe(accepted);
      expect(info.queuedBytes).toBeGreaterThan(3 * 1024 * 1024);
    } finally {
      py.kill();
    }
  });
});
