/**
 * Disk faults, for real: the data dir on a small tmpfs that fills up, or that becomes
 * read-only mid-session. The session keeps showing live output, the fault is told once,
 * new scripts are still shown, and writing resumes (with the gap recorded) when it can.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startCore, texts, type TestCore } from './helpers/core.ts';
import { runPython, type PythonRun } from './helpers/python.ts';
import { runPorthole } from './helpers/listen.ts';
import { removeTempDirs, tempDir } from './helpers/temp-dir.ts';
import { mountTmpfs, sayWhySkipped, type Tmpfs } from './helpers/tmpfs.ts';

afterAll(removeTempDirs);

let t: TestCore | null = null;
let fsys: Tmpfs | null = null;
const scripts: PythonRun[] = [];
afterEach(async () => {
  for (const p of scripts.splice(0)) p.kill();
  await t?.close();
  t = null;
  fsys?.unmount();
  fsys = null;
});

/** A script that prints `lines` numbered lines of ~1 KiB, then waits for a line and prints it back. */
function flooder(port: number, tag: string, lines: number): PythonRun {
  const p = runPython(`
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
f = s.makefile('rw')
for i in range(int(sys.argv[3])):
    f.write('%s %06d %s\\n' % (sys.argv[2], i, 'z' * 1000))
f.write('%s flood done\\n' % sys.argv[2]); f.flush()
for line in f:
    f.write('%s echo %s' % (sys.argv[2], line)); f.flush()
`, [port, tag, lines]);
  scripts.push(p);
  return p;
}

const NOBODY = 65534;

describe('disk full', () => {
  it('the process lives, output stays visible, the fault is told once, a new script is shown, writing resumes', { timeout: 60_000 }, async (ctx) => {
    const m = mountTmpfs(2 * 1024 * 1024);
    if (typeof m === 'string') {
      sayWhySkipped('disk full', m);
      return ctx.skip();
    }
    fsys = m;
    t = await startCore({ dataDir: path.join(m.dir, 'data') });
    flooder(t.port, 'A', 4000);
    const a = await t.session((s) => s.name.startsWith('127.0.0.1') && s.linesIn >= 4001, 20_000);
    // Live output is there: the last lines come from memory.
    const rowsA = await t.rowsUntil(a.id, (r) => r.some((x) => x.text === 'A flood done'));
    expect(rowsA[rowsA.length - 2].text).toMatch(/^A 003999 z+$/);
    const info = await t.info(a.id);
    expect(info.transcriptError).toMatch(/^transcript stopped at byte \d+ of out\.bin: disk full \(ENOSPC\)/);
    expect(texts(rowsA, 'note').some((n) => /transcript stopped at byte \d+ of out\.bin: disk full/.test(n))).toBe(true);
    // Events arrive in batches: wait for the notice, then check it came once.
    await t.event('notice', (e) => e.level === 'error');
    const notices = t.events.filter((e) => e.type === 'notice' && e.level === 'error');
    expect(notices).toHaveLength(1);
    expect(notices[0].type === 'notice' && notices[0].message).toMatch(/disk full/);

    // A new script while the disk is full is still shown.
    flooder(t.port, 'B', 10);
    const b = await t.session((s) => s.id !== a.id && s.linesIn >= 11);
    expect(texts(await t.rows(b.id), 'out').slice(-1)).toEqual(['B flood done']);

    // Room again: writing resumes, the gap is recorded, later bytes are on disk.
    m.remount('size=64m');
    await new Promise((r) => setTimeout(r, 2_200));
    await t.send(a.id, 'after the fault');
    const after = await t.rowsUntil(a.id, (r) => r.some((x) => x.text === 'A echo after the fault'), 10_000);
    expect(texts(after, 'note')).toContain('transcript writing resumed; the bytes missed meanwhile are marked as not recorded');
    expect((await t.info(a.id)).transcriptError).toBeUndefined();
    // Said once every session's transcript works again (B's is retried in the background).
    await t.event('notice', (e) => /written again/.test(e.message), 10_000);
    const dir = path.join(m.dir, 'data', 'sessions', a.key);
    const out = fs.readFileSync(path.join(dir, 'out.bin'));
    expect(out.subarray(out.length - 'A echo after the fault\n'.length).toString()).toBe('A echo after the fault\n');
    expect(fs.readFileSync(path.join(dir, 'log.jsonl'), 'utf8')).toMatch(/"gap":"out","from":\d+,"to":\d+/);
  });
});

describe('data dir made read-only mid-session', () => {
  // As root every permission check passes, so the core runs as an ordinary user here.
  it('the session stays live, a new script is shown, and recording resumes once writable', { timeout: 60_000 }, async (ctx) => {
    if (process.getuid?.() !== 0) {
      sayWhySkipped('read-only data dir', 'needs root to run the core as another user and change its folder\'s modes');
      return ctx.skip();
    }
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'porthole-ro-'));
    fs.chownSync(data, NOBODY, NOBODY);
    const listen = runPorthole(['listen', '--port', '0', '--data-dir', path.join(data, 'd')], {}, { uid: NOBODY, gid: NOBODY });
    try {
      const port = await listen.port();
      flooder(port, 'A', 3);
      await listen.waitStdout('[1] A flood done');
      execFileSync('chmod', ['-R', 'a-w', path.join(data, 'd')]);
      listen.type('@1 while read-only');
      await listen.waitStdout('[1] A echo while read-only');
      await listen.waitStdout(/\[1\] -- transcript stopped at byte 0 of sent\.bin: permission denied \(EACCES\)/);
      flooder(port, 'B', 2);
      await listen.waitStdout('[2] B flood done');
      await listen.waitStdout(/\[2\] -- transcript not recorded: cannot create \S+: EACCES/);
      execFileSync('chmod', ['-R', 'u+w', path.join(data, 'd')]);
      await new Promise((r) => setTimeout(r, 2_300));
      listen.type('@1 writable again');
      await listen.waitStdout('[1] A echo writable again');
      await listen.waitStdout('[1] -- transcript writing resumed');
      const key = fs.readdirSync(path.join(data, 'd', 'sessions')).sort()[0];
      const sent = fs.readFileSync(path.join(data, 'd', 'sessions', key, 'sent.bin'), 'utf8');
      expect(sent.endsWith('writable again\n')).toBe(true);
      expect(listen.proc.exitCode).toBeNull();
    } finally {
      listen.kill();
      await listen.exited;
      fs.rmSync(data, { recursive: true, force: true });
    }
  });
});

describe('out of file descriptors', () => {
  it('a connection that cannot be accepted is refused with a message; listening goes on', { timeout: 60_000 }, async () => {
    const data = tempDir('porthole-fds-');
    const listen = runPorthole(['listen', '--port', '0', '--data-dir', data], {}, { ulimitFiles: 64 });
    const held: PythonRun[] = [];
    try {
      const port = await listen.port();
      // More scripts at once than descriptors: some cannot even be accepted.
      const crowd = runPython(`
import socket, sys, time
socks = []
for i in range(80):
    try:
        s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
        s.sendall(b'crowd %d\\n' % i)
        socks.append(s)
    except OSError as e:
        print('refused', i, e)
print('HOLDING', len(socks), flush=True)
sys.stdin.readline()
`, [port]);
      held.push(crowd);
      await crowd.waitStdout('HOLDING', 20_000);
      await listen.waitStderr(/refused (a connection from \S+|\d+ connections): Porthole has no file descriptors left \(limit 64, ulimit -n\)/, 20_000);
      crowd.proc.stdin!.end('\n');
      await crowd.done;
      // Still listening: a script afterwards is shown.
      await new Promise((r) => setTimeout(r, 500));
      const late = runPython(`
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s.sendall(b'late arrival\\n'); s.close()
`, [port]);
      held.push(late);
      await listen.waitStdout(/\[\d+\] late arrival/, 20_000);
      expect(listen.proc.exitCode).toBeNull();
    } finally {
      for (const p of held) p.kill();
      listen.kill();
      await listen.exited;
    }
  });
});
