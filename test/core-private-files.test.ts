/**
 * Transcripts are private whatever the umask: the data dir and session folders 0700,
 * every file 0600, a Unix socket 0600. Start-up problems are one sentence and exit 2.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startCore, type TestCore } from './helpers/core.ts';
import { runPorthole } from './helpers/listen.ts';
import { expectExit0, runPython } from './helpers/python.ts';
import { removeTempDirs, tempDir } from './helpers/temp-dir.ts';
import { mountTmpfs, sayWhySkipped } from './helpers/tmpfs.ts';

afterAll(removeTempDirs);

let t: TestCore | null = null;
const umask = process.umask();
afterEach(async () => {
  await t?.close();
  t = null;
  process.umask(umask);
});

const mode = (p: string) => (fs.statSync(p).mode & 0o777).toString(8);

describe.each([0o022, 0o000])('under umask %s', (mask) => {
  it('data dir and session folders are 0700, files 0600, the Unix socket 0600', async () => {
    process.umask(mask);
    const root = tempDir('porthole-modes-');
    const dataDir = path.join(root, 'data');
    const sock = path.join(root, 's.sock');
    t = await startCore({ dataDir, listeners: [{ host: '127.0.0.1', port: 0 }, { path: sock }] });
    expect(mode(sock)).toBe('600');
    const py = runPython(`
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s.sendall(b'secret: hunter2\\n')
print(s.recv(100).decode().strip())
`, [t.port]);
    const s = await t.session((x) => x.linesIn === 1);
    await t.send(s.id, 'reply');
    await expectExit0(py);
    await t.close();
    t = null;
    expect(mode(dataDir)).toBe('700');
    expect(mode(path.join(dataDir, 'sessions'))).toBe('700');
    const dir = path.join(dataDir, 'sessions', s.key);
    expect(mode(dir)).toBe('700');
    const files = fs.readdirSync(dir);
    expect(files.sort()).toEqual(['log.jsonl', 'meta.json', 'out.bin', 'sent.bin']);
    for (const f of files) expect([f, mode(path.join(dir, f))]).toEqual([f, '600']);
  });
});

describe('a data folder others can read', () => {
  it('gets a warning naming the folder and the fix', async () => {
    const dataDir = tempDir('porthole-open-');
    fs.chmodSync(dataDir, 0o755);
    t = await startCore({ dataDir });
    const notice = await t.event('notice', (e) => /can be read by other users/.test(e.message));
    expect(notice.message).toBe(`the data folder ${dataDir} can be read by other users (mode 755); transcripts may hold secrets: run chmod 700 ${dataDir}`);
  });
});

describe('start-up problems', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['the data dir is a file', () => {
      const f = path.join(tempDir('porthole-file-'), 'not-a-dir');
      fs.writeFileSync(f, 'x');
      return ['listen', '--port', '0', '--data-dir', f];
    }, /^porthole listen: the data folder \S+ is a file, not a folder; choose another with --data-dir\n$/],
    ['part of the data dir path is a file', () => {
      const f = path.join(tempDir('porthole-file-'), 'file');
      fs.writeFileSync(f, 'x');
      return ['serve', '--port', '0', '--data-dir', path.join(f, 'data')];
    }, /^porthole serve: cannot use the data folder \S+: part of its path is a file; choose another with --data-dir\n$/],
    ['a Unix socket path too long for the system', () => ['listen', '--unix', `/tmp/${'x'.repeat(120)}.sock`],
      /^porthole listen: the Unix socket path \S+ is 130 bytes long; this system allows at most 10[37]\. Choose a shorter path \(for example under \/tmp\)\.\n/],
  ];
  it.each(cases)('%s: one sentence, exit status 2, no stack trace', async (_name, args, message) => {
    const run = runPorthole(args());
    const { code } = await run.exited;
    expect(code).toBe(2);
    expect(run.stderr()).toMatch(message);
    expect(run.stderr()).not.toMatch(/\n\s+at /);
  });
});

describe('an unwritable data folder', () => {
  // As root, permissions stop nothing; a read-only file system stops everyone.
  it('is one sentence and exit status 2', async (ctx) => {
    const m = mountTmpfs(1024 * 1024);
    if (typeof m === 'string') {
      sayWhySkipped('unwritable data folder', m);
      return ctx.skip();
    }
    try {
      m.remount('ro');
      const run = runPorthole(['listen', '--port', '0', '--data-dir', path.join(m.dir, 'data')]);
      expect((await run.exited).code).toBe(2);
      expect(run.stderr()).toBe(`porthole listen: cannot use the data folder ${path.join(m.dir, 'data')}: it is on a read-only file system; choose another with --data-dir\n`);
    } finally {
      m.unmount();
    }
  });
});

describe('a Unix socket path that fits', () => {
  it('is used exactly as given (not truncated)', async () => {
    const dir = tempDir('porthole-sock-');
    const sock = path.join(dir, 'p'.repeat(Math.max(1, 100 - dir.length)) + '.s');
    t = await startCore({ listeners: [{ path: sock }] });
    expect(fs.statSync(sock).isSocket()).toBe(true);
    const c = net.connect({ path: sock });
    await new Promise<void>((resolve, reject) => c.once('connect', resolve).once('error', reject));
    c.destroy();
  });
});
