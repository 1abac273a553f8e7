/**
 * Dialog files replayed in the window (replay:start): the program runs as a new session
 * through the real `porthole run`, the steps are reported as `replay` events as they are
 * met or missed, the replies are the session's "auto" rows, and a miss stops the program.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { nodeRunner } from '../electron/core/launcher.ts';
import { loadPty } from '../electron/core/pty-module.ts';
import type { ReplayInfo } from '../shared/types.ts';
import { startCore, texts, type TestCore } from './helpers/core.ts';
import { removeTempDirs, tempDir } from './helpers/temp-dir.ts';
import { waitFor } from './helpers/wait.ts';

afterAll(removeTempDirs);

const BIN = fileURLToPath(new URL('../bin/porthole.js', import.meta.url));
const runner = nodeRunner(process.execPath, [BIN]);
const ptyModule = await loadPty();

let t: TestCore | null = null;
const children: ChildProcess[] = [];
afterEach(async () => {
  await t?.close();
  t = null;
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

const GREET = `import os, time
print("greeter started, pid", os.getpid())
name = input("Name? ")
n = int(input("Number? "))
time.sleep(0.3)
print(f"Hello, {name}!")
print(f"{n} squared is {n * n}")
raise SystemExit(3)
`;

const DIALOG = {
  'porthole-dialog': 1,
  name: 'greet',
  program: { command: ['python3', 'greet.py'], cwd: '.' },
  steps: [
    { expect: [{ mask: 'greeter started, pid {pid}' }, 'Name? '], send: 'Ada' },
    { expect: ['Number? '], send: '7' },
    { expect: ['Hello, Ada!', '7 squared is 49'] },
  ],
  end: { eof: true, exit: 3 },
};

function folderWith(program: string): string {
  const dir = tempDir('porthole-wreplay-');
  fs.writeFileSync(path.join(dir, 'greet.py'), program);
  return dir;
}

/** The replay's events so far, in order. */
function replayEvents(id: number): ReplayInfo[] {
  return t!.events.flatMap((e) => (e.type === 'replay' && e.replay.replayId === id ? [e.replay] : []));
}

async function finished(id: number, timeoutMs = 20_000): Promise<ReplayInfo> {
  const e = await t!.event('replay', (x) => x.replay.replayId === id && !['starting', 'running'].includes(x.replay.state), timeoutMs);
  return e.replay;
}

describe('replay:start', () => {
  it('replays a dialog as a new session: each step met in order, the replies recorded as auto rows, the exit checked', async () => {
    t = await startCore({ runner, allowRun: true, noListener: true });
    const dir = folderWith(GREET);
    const r = await t.core.invoke('replay:start', { text: JSON.stringify(DIALOG), file: 'greet.dialog.json', baseDir: dir });
    expect(r).toMatchObject({ state: 'starting', file: 'greet.dialog.json', sessionId: null });
    expect(r.steps.map((s) => s.status)).toEqual(['waiting', 'waiting', 'waiting', 'waiting']);
    expect(r.steps[0]).toMatchObject({ expect: ['greeter started, pid {pid}', 'Name? '], send: 'Ada' });
    expect(r.steps[3].label).toBe('end: EOF, exit status 3');

    const done = await finished(r.replayId);
    expect(done.state).toBe('pass');
    expect(done.steps.map((s) => s.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
    // Each step was reported running, then met, in order.
    const seen: string[] = [];
    for (const e of replayEvents(r.replayId)) {
      const line = `${e.state}:${e.steps.map((s) => s.status[0]).join('')}`;
      if (seen[seen.length - 1] !== line) seen.push(line);
    }
    expect(seen[0]).toBe('starting:wwww');
    // The program waits before its last lines: the third step is seen waiting for them.
    expect(seen).toContain('running:pprw');
    expect(seen[seen.length - 1]).toBe('pass:pppp');
    // Steps only move forward: waiting, running, passed.
    const rank = { w: 0, r: 1, p: 2 } as Record<string, number>;
    for (let k = 1; k < seen.length; k++) {
      const [a, b] = [seen[k - 1].split(':')[1], seen[k].split(':')[1]];
      for (let i = 0; i < 4; i++) expect(rank[b[i]]).toBeGreaterThanOrEqual(rank[a[i]]);
    }

    const sid = done.sessionId!;
    const s = await t.session((x) => x.id === sid && x.state === 'closed', 10_000);
    expect(s.exit).toEqual({ code: 3, signal: null });
    const rows = await t.rows(sid);
    expect(rows.filter((x) => x.kind === 'auto').map((x) => x.text)).toEqual(['Ada', '7']);
    expect(texts(rows, 'out')).toContain('7 squared is 49');
    expect((await t.core.invoke('replay:list', null)).find((x) => x.replayId === r.replayId)?.state).toBe('pass');
  });

  it('a changed program fails at the step that differs, with a diff; the program is stopped and its transcript kept', async () => {
    t = await startCore({ runner, allowRun: true, noListener: true });
    const dir = folderWith(GREET.replace('name = input', 'print("Welcome!")\nname = input'));
    const r = await t.core.invoke('replay:start', { text: JSON.stringify(DIALOG), file: 'greet.dialog.json', baseDir: dir });
    const done = await finished(r.replayId);
    expect(done.state).toBe('fail');
    expect(done.steps.map((s) => s.status)).toEqual(['fail', 'skip', 'skip', 'skip']);
    expect(done.steps[0].message).toBe('line 2 differs');
    expect(done.steps[0].diff!.join('\n')).toMatch(/expected\s+"Name\? "\n\s+got\s+"Welcome!"/);
    expect(done.message).toContain('line 2 differs');
    // The program was waiting for a name: the replay stopped it.
    const s = await t.session((x) => x.id === done.sessionId && x.state === 'closed', 10_000);
    expect(s.exit?.code).not.toBe(0);
    expect(texts(await t.rows(s.id), 'out')).toContain('Welcome!');

    // A computed line that changed fails the last step.
    const dir2 = folderWith(GREET.replace('{n * n}', '{n * n + 1}'));
    const r2 = await t.core.invoke('replay:start', { text: JSON.stringify(DIALOG), file: 'greet.dialog.json', baseDir: dir2 });
    const done2 = await finished(r2.replayId);
    expect(done2.steps.map((x) => x.status)).toEqual(['pass', 'pass', 'fail', 'skip']);
    expect(done2.steps[2].diff!.join('\n')).toContain('got       "7 squared is 50"');
  });

  it('connects to a program that listens (a connect dialog)', async () => {
    t = await startCore({ runner, allowRun: true, noListener: true });
    const server = spawn('python3', ['-c', `
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(1)
print(s.getsockname()[1], flush=True)
c, _ = s.accept()
c.sendall(b"Name? ")
f = c.makefile("rb")
name = f.readline().decode().strip()
c.sendall(f"Hello, {name}!\\n".encode())
c.shutdown(socket.SHUT_WR)
c.recv(1)
`], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(server);
    const port = await new Promise<number>((resolve) => server.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
    const dialog = { 'porthole-dialog': 1, connect: `127.0.0.1:${port}`, steps: [{ expect: ['Name? '], send: 'Grace' }, { expect: ['Hello, Grace!'] }], end: { eof: true } };
    const r = await t.core.invoke('replay:start', { text: JSON.stringify(dialog), file: 'connect.dialog.json' });
    const done = await finished(r.replayId);
    expect(done.state).toBe('pass');
    expect(done.steps.map((s) => s.status)).toEqual(['pass', 'pass', 'pass']);
    expect((await t.rows(done.sessionId!)).filter((x) => x.kind === 'auto').map((x) => x.text)).toEqual(['Grace']);
  });

  it('replays a dialog recorded on a pseudo-terminal', async (ctx) => {
    if (typeof ptyModule === 'string') {
      console.log(`skipped: ${ptyModule}`);
      ctx.skip();
    }
    t = await startCore({ runner, allowRun: true, noListener: true });
    // On the terminal size `porthole replay` gives, so both replay a dialog alike.
    const dir = folderWith('import shutil\nprint(*shutil.get_terminal_size())\nname = input("Name? ")\nprint(f"Hello, {name}!")\n');
    const dialog = {
      'porthole-dialog': 1,
      program: { command: ['python3', 'greet.py'], cwd: dir, pty: true },
      steps: [{ expect: ['120 32', 'Name? '], send: 'Ada' }, { expect: ['Ada', 'Hello, Ada!'] }],
      end: { eof: true, exit: 0 },
    };
    const r = await t.core.invoke('replay:start', { text: JSON.stringify(dialog), file: 'pty.dialog.json' });
    const done = await finished(r.replayId);
    expect(done.steps.map((s) => `${s.status} ${s.message ?? ''} ${(s.diff ?? []).join('|')}`.trim())).toEqual(['pass', 'pass', 'pass']);
    expect(done.state).toBe('pass');
    expect((await t.info(done.sessionId!)).pty).toBe(true);
  });

  it('a dialog of many quick steps is reported in a few events, not one a step', async () => {
    t = await startCore({ runner, allowRun: true, noListener: true });
    const dir = tempDir('porthole-wreplay-');
    fs.writeFileSync(path.join(dir, 'count.py'), 'for i in range(400):\n    print("line", i)\n');
    const dialog = { 'porthole-dialog': 1, program: { command: ['python3', 'count.py'], cwd: dir }, steps: Array.from({ length: 400 }, (_, i) => ({ expect: [`line ${i}`] })), end: { exit: 0 } };
    const r = await t.core.invoke('replay:start', { text: JSON.stringify(dialog), file: 'count.dialog.json' });
    const done = await finished(r.replayId);
    expect(done.state).toBe('pass');
    expect(done.steps).toHaveLength(401);
    expect(replayEvents(r.replayId).length).toBeLessThan(40);
  });

  it('says clearly what is wrong with a dialog, or with where it runs', async () => {
    t = await startCore({ runner, allowRun: true, noListener: true });
    await expect(t.core.invoke('replay:start', { text: '{"porthole-dialog": 1, ', file: 'x.dialog.json' })).rejects.toThrow(/x\.dialog\.json is not a valid dialog: \$: not valid JSON/);
    await expect(t.core.invoke('replay:start', { text: JSON.stringify({ ...DIALOG, steps: [{ expect: [{ mask: '{when}' }] }] }), file: 'x.dialog.json' }))
      .rejects.toThrow(/\$\.steps\[0\]\.expect\[0\]\.mask: unknown mask \{when\}/);
    await expect(t.core.invoke('replay:start', { text: JSON.stringify(DIALOG), file: 'greet.dialog.json' })).rejects.toThrow(/relative to the dialog file's folder/);
    // A program that is not there fails to start, with the reason.
    const missing = { ...DIALOG, program: { command: ['no-such-program-xyz'], cwd: tempDir('porthole-wreplay-') } };
    const r = await t.core.invoke('replay:start', { text: JSON.stringify(missing), file: 'missing.dialog.json' });
    const done = await finished(r.replayId);
    expect(done.state).toBe('fail');
    expect(done.message).toMatch(/could not start: no-such-program-xyz: command not found/);
    expect(done.sessionId).toBeNull();
  });

  it('replay:stop stops the program', async () => {
    t = await startCore({ runner, allowRun: true, noListener: true });
    const dir = folderWith(GREET);
    const slow = { ...DIALOG, steps: [{ expect: [{ mask: 'greeter started, pid {pid}' }, 'Name? '], send: 'Ada' }, { expect: ['never printed'] }] };
    const r = await t.core.invoke('replay:start', { text: JSON.stringify(slow), file: 'greet.dialog.json', baseDir: dir, timeoutS: 60 });
    const running = await t.event('replay', (e) => e.replay.replayId === r.replayId && e.replay.steps[1].status === 'running', 15_000);
    await t.core.invoke('replay:stop', { replayId: r.replayId });
    const stopped = await finished(r.replayId, 5_000);
    expect(stopped.state).toBe('stopped');
    expect(stopped.steps.map((s) => s.status)).toEqual(['pass', 'skip', 'skip']);
    const s = await t.session((x) => x.id === running.replay.sessionId && x.state === 'closed', 10_000);
    expect(s.state).toBe('closed');
    await expect(t.core.invoke('replay:stop', { replayId: 999 })).rejects.toThrow(/there is no replay 999/);
  });

  it('is refused where the face does not allow running programs', async () => {
    t = await startCore({ runner, noListener: true });
    await expect(t.core.invoke('replay:start', { text: JSON.stringify(DIALOG), file: 'greet.dialog.json', baseDir: '/tmp' })).rejects.toThrow(/starting programs is turned off/);
    await waitFor('no replay event', () => true, 100);
    expect(t.events.some((e) => e.type === 'replay')).toBe(false);
  });
});
