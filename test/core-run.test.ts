/**
 * Programs the core starts itself (the window's Run… and Run again), through the real
 * `porthole run` command: each is a session of its own, with exit status, pty and
 * secrets as for `porthole run` in a terminal, and nothing is left behind.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { nodeRunner } from '../electron/core/launcher.ts';
import { loadPty } from '../electron/core/pty-module.ts';
import { startCore, texts, type TestCore } from './helpers/core.ts';
import { removeTempDirs, tempDir } from './helpers/temp-dir.ts';
import { waitFor } from './helpers/wait.ts';

afterAll(removeTempDirs);

const BIN = fileURLToPath(new URL('../bin/porthole.js', import.meta.url));
const runner = nodeRunner(process.execPath, [BIN]);
const ptyModule = await loadPty();

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

const rowsOf = (id: number) => t!.rows(id);

/** Rendezvous folders of `porthole run` that this core made and did not remove. */
const before = new Set(runFolders());
function runFolders(): string[] {
  return fs.readdirSync(os.tmpdir()).filter((n) => /^porthole-run-\w{6}$/.test(n));
}
function runDirs(): string[] {
  return runFolders().filter((n) => !before.has(n));
}

describe('run:start', () => {
  it('starts a program as a new session: output, a reply, the exit status, and Run again', async () => {
    t = await startCore({ runner, allowRun: true, noListener: true });
    const info = await t.core.invoke('app:info', null);
    expect(info.run).toMatchObject({ allowed: true, home: os.homedir() });
    // Told without loading the native module into the core: the same answer as loading it.
    expect(info.run.pty === true).toBe(typeof ptyModule !== 'string');
    const dir = tempDir('porthole-run-cwd-');
    fs.writeFileSync(path.join(dir, 'ask.py'), 'import os\nprint("in", os.getcwd())\nname = input("name? ")\nprint("hello", name)\nraise SystemExit(3)\n');
    const s = await t.core.invoke('run:start', { command: 'python3 ask.py', cwd: dir });
    expect(s).toMatchObject({ name: 'ask.py', runAgain: 'ready', state: 'live' });
    await waitFor('the prompt', async () => texts(await rowsOf(s.id), 'out').some((l) => l.startsWith('name?')), 10_000);
    expect(texts(await rowsOf(s.id), 'out')).toContain(`in ${fs.realpathSync(dir)}`);
    await t.core.invoke('session:send', { id: s.id, text: 'Ada', ending: 'lf' });
    const done = await t.session((x) => x.id === s.id && x.exit !== undefined && x.state === 'closed', 10_000);
    expect(done.exit).toEqual({ code: 3, signal: null });
    expect(texts(await rowsOf(s.id), 'out')).toContain('hello Ada');

    const again = await t.core.invoke('run:again', { id: s.id });
    expect(again.id).not.toBe(s.id);
    expect(again).toMatchObject({ name: 'ask.py', runAgain: 'ready' });
    await waitFor('the prompt again', async () => texts(await rowsOf(again.id), 'out').some((l) => l.startsWith('name?')), 10_000);
    expect(runDirs().length).toBe(0);
  });

  it('Run again on a program still running stops it first', async () => {
    t = await startCore({ runner, allowRun: true, noListener: true });
    const s = await t.core.invoke('run:start', { command: 'python3 -c "import time; print(\'up\'); time.sleep(60)"', cwd: os.tmpdir() });
    await waitFor('the first run', async () => texts(await rowsOf(s.id), 'out').includes('up'), 10_000);
    const again = await t.core.invoke('run:again', { id: s.id });
    expect((await t.info(s.id)).state).toBe('closed');
    await waitFor('the second run', async () => texts(await rowsOf(again.id), 'out').includes('up'), 10_000);
    expect((await t.info(again.id)).state).toBe('live');
  });

  it.each([
    [{ command: 'no-such-program-here --x' }, 'no-such-program-here: command not found'],
    [{ command: '   ' }, 'no command to run'],
    [{ command: 'python3', cwd: '/no/such/folder' }, 'no such folder: /no/such/folder'],
    [{ command: 'python3', cwd: 'relative' }, 'no such folder'],
    [{ command: 'python3 -V', encoding: 'klingon' }, "unknown encoding 'klingon'"],
  ])('refuses %j with a clear message, starting nothing', async (spec, message) => {
    t = await startCore({ runner, allowRun: true, noListener: true });
    await expect(t.core.invoke('run:start', spec)).rejects.toThrow(message);
    expect(await t.core.invoke('session:list', null)).toEqual([]);
    expect(runDirs().length).toBe(0);
  });

  it('is refused, with the reason, where the face does not allow it', async () => {
    t = await startCore({ runner, allowRun: false, runOffReason: 'start with --allow-run', noListener: true });
    expect((await t.core.invoke('app:info', null)).run).toMatchObject({ allowed: false, why: 'start with --allow-run' });
    await expect(t.core.invoke('run:start', { command: 'python3 -V' })).rejects.toThrow('start with --allow-run');
    await t.close();
    t = await startCore({ noListener: true, allowRun: true });
    expect((await t.core.invoke('app:info', null)).run.allowed).toBe(false);
    await expect(t.core.invoke('run:start', { command: 'python3 -V' })).rejects.toThrow('cannot start programs');
  });

  it('runs a program on a pseudo-terminal at the size asked for', async (ctx) => {
    if (typeof ptyModule === 'string') {
      console.log(`skipped: ${ptyModule}`);
      ctx.skip();
    }
    t = await startCore({ runner, allowRun: true, noListener: true });
    const s = await t.core.invoke('run:start', { command: 'python3 -i -c "import shutil; print(shutil.get_terminal_size())"', pty: true, cols: 101, rows: 33 });
    expect(s.pty).toBe(true);
    await waitFor('the >>> prompt', async () => (await rowsOf(s.id)).some((r) => r.text.includes('>>>')), 10_000);
    expect((await rowsOf(s.id)).some((r) => r.text.includes('columns=101, lines=33'))).toBe(true);
    await t.core.invoke('session:send', { id: s.id, text: '6*7', ending: 'lf' });
    await waitFor('42', async () => (await rowsOf(s.id)).some((r) => r.kind === 'out' && r.text.trim() === '42'), 10_000);
    await t.core.invoke('session:close', { id: s.id });
    await t.session((x) => x.id === s.id && x.state === 'closed', 10_000);
  });

  it('a past session started by Run… can be run again after a restart; one whose command only its hello names asks first', async () => {
    const dataDir = tempDir('porthole-run-past-');
    t = await startCore({ runner, allowRun: true, noListener: true, dataDir });
    const s = await t.core.invoke('run:start', { command: 'python3 -c "print(\'once\')"', cwd: os.tmpdir() });
    await t.session((x) => x.id === s.id && x.state === 'closed', 10_000);
    await t.close();
    t = await startCore({ runner, allowRun: true, noListener: true, dataDir });
    const past = await t.core.invoke('past:open', { key: s.key });
    expect(past.runAgain).toBe('ready');
    const again = await t.core.invoke('run:again', { id: past.id });
    await waitFor('the run from the past session', async () => texts(await rowsOf(again.id), 'out').includes('once'), 10_000);
  });

  it('a session from `porthole run` in a terminal can be run again once the person confirms its command', async () => {
    t = await startCore({ runner, allowRun: true });
    const dir = tempDir('porthole-run-term-');
    const term = spawn(process.execPath, [BIN, 'run', '--port', String(t.port), '--', 'python3', '-c', 'print("from a terminal")'], { cwd: dir, stdio: 'ignore' });
    const s = await t.session((x) => x.state === 'closed' && x.exit !== undefined, 10_000);
    term.kill();
    expect(s).toMatchObject({ runAgain: 'confirm', cwd: dir });
    const again = await t.core.invoke('run:again', { id: s.id });
    expect(again.runAgain).toBe('ready');
    await waitFor('the same program, started by Porthole', async () => texts(await rowsOf(again.id), 'out').includes('from a terminal'), 10_000);
  });

  it('starts at most 16 programs at once; more are refused with a message, not queued without bound', async () => {
    t = await startCore({ runner, allowRun: true, noListener: true });
    const tries = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => t!.core.invoke('run:start', { command: `python3 -c "print(${i})"`, cwd: os.tmpdir() })));
    const refused = tries.filter((x): x is PromiseRejectedResult => x.status === 'rejected');
    expect(tries.filter((x) => x.status === 'fulfilled')).toHaveLength(16);
    expect(refused).toHaveLength(4);
    for (const r of refused) expect(String(r.reason)).toContain('16 programs are still starting');
    // Once they have started, more may.
    const later = await t.core.invoke('run:start', { command: 'python3 -c "print(\'later\')"', cwd: os.tmpdir() });
    await waitFor('the later program', async () => texts(await rowsOf(later.id), 'out').includes('later'), 10_000);
  });

  it('leaves no process, socket folder or descriptor behind after many runs', async () => {
    t = await startCore({ runner, allowRun: true, noListener: true });
    const fds = () => fs.readdirSync('/proc/self/fd').length;
    const fdsBefore = fds();
    for (let i = 0; i < 12; i++) {
      const s = await t.core.invoke('run:start', { command: `python3 -c "print(${i})"`, cwd: os.tmpdir(), pty: i % 2 === 1 && typeof ptyModule !== 'string' });
      await t.session((x) => x.id === s.id && x.state === 'closed', 10_000);
      await t.core.invoke('session:remove', { id: s.id });
    }
    await waitFor(`descriptors back near ${fdsBefore}`, () => fds() <= fdsBefore + 2, 5_000, fds);
    expect(runDirs().length).toBe(0);
  });
});
