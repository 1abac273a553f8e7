/** `porthole run --pty` with real programs on a real pseudo-terminal against a real Porthole core. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../shared/types.ts';
import { startPorthole, texts, waitFor, type TestPorthole } from './fixtures/porthole-core.ts';
import { porthole } from './fixtures/run-process.ts';

let ph: TestPorthole;
let tmp: string;
beforeAll(async () => {
  ph = await startPorthole();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'porthole-pty-'));
});
afterAll(async () => {
  await ph?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const run = (...args: string[]) => porthole(['run', '--port', String(ph.port), '--pty', ...args]);
/** All output as one text, rows joined (a terminal ends lines with \r\n). */
const output = (rows: { kind: string; text: string }[]) => texts(rows as never, 'out').join('\n').replace(/\r/g, '');
const waitInfo = (id: number, pred: (i: SessionInfo) => boolean, ms: number) =>
  waitFor('session info', async () => {
    const i = await ph.info(id);
    return pred(i) && i;
  }, ms);
const openFds = () => fs.readdirSync('/proc/self/fd').length;

describe('porthole run --pty', () => {
  it('gives python3 -i its >>> prompt without Send EOF, and answers 6*7 with 42', async () => {
    const r = run('--name', 'repl', '--', 'python3', '-i', '-q');
    const s = await ph.session('repl');
    expect(s.pty).toBe(true);
    await ph.rowsUntil(s.id, (rows) => output(rows).includes('>>> '), 10_000);
    await ph.send(s.id, '6*7');
    const rows = await ph.rowsUntil(s.id, (rows) => /^42$/m.test(output(rows)), 10_000);
    // Python on a terminal: no stderr apart, and the prompt comes back.
    expect(texts(rows, 'err')).toEqual([]);
    await ph.send(s.id, 'import sys; sys.exit(3)');
    await ph.rowsUntil(s.id, (rows) => rows.some((x) => x.kind === 'note' && /exited with status 3/.test(x.text)), 10_000);
    expect((await r.done).code).toBe(3);
  });

  it('sees a getpass prompt turn echo off, keeps the secret out of the transcript, and the program gets it', async () => {
    const script = path.join(tmp, 'login.py');
    fs.writeFileSync(script, [
      'import getpass, hashlib',
      'pw = getpass.getpass("Password: ")',
      'print("digest", hashlib.sha256(pw.encode()).hexdigest()[:12])',
      'name = input("Name? ")',
      'print("hello", name)',
    ].join('\n'));
    const r = run('--', 'python3', script);
    const s = await ph.session('login.py');
    await ph.rowsUntil(s.id, (rows) => output(rows).includes('Password: '), 10_000);
    await waitInfo(s.id, (i) => i.echoOff === true, 5_000);
    const secret = 'hunter2-s3cret';
    await ph.send(s.id, secret);
    const rows = await ph.rowsUntil(s.id, (rows) => output(rows).includes('Name? '), 10_000);
    const digest = (await import('node:crypto')).createHash('sha256').update(secret).digest('hex').slice(0, 12);
    expect(output(rows)).toContain(`digest ${digest}`);
    // Echo is back on for the next prompt, and the secret is nowhere in the rows or the transcript files.
    await waitInfo(s.id, (i) => !i.echoOff, 5_000);
    const sent = texts(rows, 'sent');
    expect(sent).toEqual(['\u2022'.repeat(secret.length)]);
    await ph.send(s.id, 'Ada');
    const done = await ph.rowsUntil(s.id, (rows) => rows.some((x) => x.kind === 'note' && /exited with status 0/.test(x.text)), 10_000);
    expect(output(done)).toContain('hello Ada');
    expect(texts(done, 'sent')).toEqual(['\u2022'.repeat(secret.length), 'Ada']);
    const dir = path.join(ph.dataDir, 'sessions');
    for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) {
      const p = path.join(dir, f);
      if (fs.statSync(p).isFile()) expect(fs.readFileSync(p).includes(secret)).toBe(false);
    }
    expect((await r.done).code).toBe(0);
  });

  it('carries a progress bar drawn with \\r and colour as the terminal gets them', async () => {
    const script = path.join(tmp, 'bar.py');
    fs.writeFileSync(script, [
      'import sys, time',
      'print("tty" if sys.stdout.isatty() else "pipe")',
      'for i in range(0, 101, 25):',
      '    sys.stdout.write("\\r\\x1b[32m[%-4s]\\x1b[0m %d%%" % ("#" * (i // 25), i)); sys.stdout.flush(); time.sleep(0.05)',
      'print()',
    ].join('\n'));
    const r = run('--', 'python3', script);
    const s = await ph.session('bar.py');
    const rows = await ph.rowsUntil(s.id, (rows) => rows.some((x) => x.kind === 'note' && /exited/.test(x.text)), 10_000);
    const out = texts(rows, 'out').join('\n');
    expect(out).toContain('tty');
    expect(out).toContain('\x1b[32m[####]\x1b[0m 100%');
    expect(out).toContain('\r');
    expect((await r.done).code).toBe(0);
  });

  it('releases the terminal and its descriptors: 20 runs leave the core as it was', async () => {
    const before = openFds();
    for (let i = 0; i < 20; i++) {
      const r = run('--name', `short-${i}`, '--', 'sh', '-c', `echo run ${i}`);
      expect((await r.done).code).toBe(0);
    }
    const s = await ph.session('short-19');
    await ph.rowsUntil(s.id, (rows) => output(rows).includes('run 19'), 5_000);
    // The core holds no descriptor per finished run beyond its bounded read cache.
    expect(openFds() - before).toBeLessThanOrEqual(34);
  });

  it('says so, and runs nothing, when the program does not exist', async () => {
    const r = run('--', 'no-such-program-xyz');
    const res = await r.done;
    expect(res.code).toBe(127);
    expect(res.stderr).toContain('command not found');
  });
});
