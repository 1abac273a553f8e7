/** Dialog files end to end: recorded through a real session, saved with `porthole export`, replayed by `porthole replay`. */
import fs from 'node:fs';

import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDialog } from '../shared/dialog.ts';
import { startPorthole, waitFor, type TestPorthole } from './fixtures/porthole-core.ts';
import { porthole, REPO } from './fixtures/run-process.ts';
import { freePort } from './helpers/free-port.ts';

let ph: TestPorthole;
let tmp: string;
beforeAll(async () => {
  ph = await startPorthole();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'porthole-dialog-'));
});
afterAll(async () => {
  await ph?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const GREET = `import sys
print("Welcome to the greeter")
name = input("Name? ")
print("Hello, " + name + "!")
n = int(input("How many stars? "))
print("*" * n, "(" + str(n * n) + " squared)")
sys.exit(3)
`;

async function cli(args: string[]) {
  return porthole([...args]).done;
}

/** Runs `script` under `porthole run`, answers each prompt in turn, waits for its end. */
async function record(name: string, script: string, replies: string[]) {
  const file = path.join(tmp, `${name}.py`);
  fs.writeFileSync(file, script);
  const run = porthole(['run', '--port', String(ph.port), '--name', name, '--', 'python3', file]);
  const s = await ph.session(name, 10_000);
  for (const reply of replies) {
    await ph.rowsUntil(s.id, (rows) => rows.at(-1)?.open === true && rows.at(-1)?.kind === 'out', 10_000);
    await ph.core.invoke('session:send', { id: s.id, text: reply, ending: 'lf' });
  }
  await ph.rowsUntil(s.id, (rows) => rows.some((r) => r.kind === 'note' && /exited with status/.test(r.text)), 10_000);
  await run.done;
  await waitFor('the session to close', async () => (await ph.session((x) => x.id === s.id)).state === 'closed', 5000);
  return { file, key: s.key };
}

describe('porthole export --format dialog and porthole replay', () => {
  let dialogFile: string;
  let script: string;

  it('records a dialog, saves it and replays it: passes', async () => {
    const rec = await record('greet', GREET, ['Ada', '4']);
    script = rec.file;
    dialogFile = path.join(tmp, 'greet.dialog.json');
    const exported = await cli(['export', rec.key.slice(0, 12), '--format', 'dialog', '-o', dialogFile, '--data-dir', ph.dataDir]);
    expect(exported.stderr).toContain('written to');
    expect(exported.code).toBe(0);
    const d = parseDialog(fs.readFileSync(dialogFile, 'utf8'));
    // The directory `porthole run` started in, relative to the dialog file.
    expect(d.program).toEqual({ command: ['python3', script], cwd: path.relative(tmp, REPO) });
    expect(d.steps).toEqual([
      { expect: ['Welcome to the greeter', 'Name? '], send: 'Ada' },
      { expect: ['Hello, Ada!', 'How many stars? '], send: '4' },
      { expect: ['**** (16 squared)'] },
    ]);
    expect(d.end).toEqual({ eof: true, exit: 3 });

    const r = await cli(['replay', dialogFile]);
    expect(r.stdout).toMatch(/ok +step 1: 2 lines, then send "Ada"/);
    expect(r.stdout).toContain('PASS');
    expect(r.code).toBe(0);
  });

  it('fails with a diff naming the step when the program answers differently; --update makes it pass again', async () => {
    fs.writeFileSync(script, GREET.replace('"Hello, "', '"Hi there, "'));
    const junit = path.join(tmp, 'out.xml');
    const r = await cli(['replay', dialogFile, '--junit', junit, '--timeout', '5']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL {2}step 2: 2 lines, then send "4" — line 1 differs/);
    expect(r.stdout).toContain('expected  "Hello, Ada!"');
    expect(r.stdout).toContain('got       "Hi there, Ada!"');
    expect(r.stdout).toMatch(/skip {2}step 3.*not reached/);
    const xml = fs.readFileSync(junit, 'utf8');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites [^>]*tests="4" failures="1"/);
    expect(xml).toMatch(/<testsuite name="greet" [^>]*failures="1"/);
    expect(xml).toMatch(/<testcase classname="greet" name="step 2: 2 lines, then send &quot;4&quot;"[^>]*>\n\s*<failure message="line 1 differs" type="DialogMismatch">line 1 differs\n.*expected {2}&quot;Hello, Ada!&quot;/);
    expect(xml).toContain('</testsuites>');

    const u = await cli(['replay', '--update', dialogFile]);
    expect(u.stdout).toContain(`updated ${dialogFile}`);
    expect(u.code).toBe(0);
    expect(parseDialog(fs.readFileSync(dialogFile, 'utf8')).steps[1].expect).toEqual(['Hi there, Ada!', 'How many stars? ']);
    const again = await cli(['replay', dialogFile]);
    expect(again.code).toBe(0);
  });

  it('a dialog with times and pids masked passes across runs', async () => {
    const rec = await record('clock', 'import os, time, datetime\nprint("started pid", os.getpid(), "at", time.strftime("%H:%M:%S"))\nprint("now", datetime.datetime.now().isoformat())\nx = input("go? ")\nprint("took", time.perf_counter_ns(), "ns, ok", x)\n', ['yes']);
    const file = path.join(tmp, 'clock.dialog.json');
    expect((await cli(['export', 'clock', '--format', 'dialog', '-o', file, '--data-dir', ph.dataDir])).code).toBe(0);
    const d = parseDialog(fs.readFileSync(file, 'utf8'));
    expect(d.steps[0].expect).toEqual([{ mask: 'started pid {pid} at {time}' }, { mask: 'now {time}' }, 'go? ']);
    expect(d.steps[1].expect).toEqual([{ mask: 'took {num} ns, ok yes' }]);
    expect(d.end).toEqual({ eof: true, exit: 0 });
    for (let i = 0; i < 2; i++) expect((await cli(['replay', file])).code).toBe(0);
    void rec;
  });

  it('replays a dialog with a program that listens (connect)', async () => {
    const port = await freePort();
    const server = path.join(tmp, 'server.py');
    fs.writeFileSync(server, `import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", ${port})); s.listen(1)
c, _ = s.accept(); f = c.makefile("rw")
for line in f:
    f.write("echo: " + line.strip().upper() + "\\n"); f.flush()
    if line.strip() == "bye": break
c.close()
`);
    const start = () => {
      const p = spawn('python3', [server], { stdio: 'ignore' });
      return new Promise<void>((resolve) => p.on('exit', () => resolve()));
    };
    let ended = start();
    const c = await ph.core.invoke('connect:start', { host: '127.0.0.1', port });
    const s = await ph.session((x) => x.origin === 'connected' && x.peer === `127.0.0.1:${port}`, 10_000);
    void c;
    await ph.core.invoke('session:send', { id: s.id, text: 'hi', ending: 'lf' });
    await ph.rowsUntil(s.id, (rows) => rows.some((r) => r.text === 'echo: HI'), 5000);
    await ph.core.invoke('session:send', { id: s.id, text: 'bye', ending: 'lf' });
    await waitFor('the program to finish sending', async () => (await ph.session((x) => x.id === s.id)).state !== 'live', 5000);
    await ended;
    const file = path.join(tmp, 'echo.dialog.json');
    expect((await cli(['export', s.key, '--format', 'dialog', '-o', file, '--data-dir', ph.dataDir])).code).toBe(0);
    const d = parseDialog(fs.readFileSync(file, 'utf8'));
    expect(d.connect).toBe(`127.0.0.1:${port}`);
    expect(d.steps).toEqual([{ expect: [], send: 'hi' }, { expect: ['echo: HI'], send: 'bye' }, { expect: ['echo: BYE'] }]);
    ended = start();
    const r = await cli(['replay', file]);
    expect(r.stdout).toContain('PASS');
    expect(r.code).toBe(0);
    await ended;
    // Nothing listens any more: a failure that says so, not a hang.
    const gone = await cli(['replay', '--timeout', '1', file]);
    expect(gone.code).toBe(1);
    expect(gone.stdout).toMatch(/FAIL {2}start — nothing listens on 127\.0\.0\.1:\d+/);
  });

  it('kills a program that hangs at the timeout', async () => {
    const file = path.join(tmp, 'hang.dialog.json');
    fs.writeFileSync(file, JSON.stringify({ 'porthole-dialog': 1, program: { command: ['python3', '-c', 'import time\nprint("hi", flush=True)\ntime.sleep(60)'] }, steps: [{ expect: ['hi'] }], end: { exit: 0 } }));
    const t0 = Date.now();
    const r = await cli(['replay', '--timeout', '1', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL {2}step 1: 1 line, then the end — timed out after 1 s waiting for the end of output \(EOF\)/);
    expect(Date.now() - t0).toBeLessThan(8000);
  });

  it('Ctrl-C stops replay and the program with it', async () => {
    const marker = `hang-${process.pid}-${Date.now()}`;
    const file = path.join(tmp, 'sigint.dialog.json');
    fs.writeFileSync(file, JSON.stringify({ 'porthole-dialog': 1, program: { command: ['python3', '-c', 'import time, sys\nprint("up", flush=True)\ntime.sleep(60)', marker] }, steps: [{ expect: ['never'] }] }));
    const r = porthole(['replay', '--timeout', '30', file]);
    const alive = () => spawnSync('pgrep', ['-f', marker]).status === 0;
    await waitFor('the program to start', () => alive(), 10_000);
    r.child.kill('SIGINT');
    const done = await r.done;
    expect(done.code).toBe(130);
    expect(done.stderr).toContain('stopped by SIGINT');
    await waitFor('the program to be gone', () => !alive(), 5000);
  });

  it('lists sessions with keys, names, states and rows', async () => {
    const r = await cli(['sessions', '--json', '--data-dir', ph.dataDir]);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { key: string; name: string; state: string; rows: number; exit?: number }[];
    const greet = list.find((s) => s.name === 'greet')!;
    expect(greet).toMatchObject({ state: 'ended', exit: 3 });
    expect(greet.rows).toBeGreaterThan(5);
    const table = await cli(['sessions', '--data-dir', ph.dataDir]);
    expect(table.stdout).toMatch(/^KEY +NAME +STATE +ROWS +STARTED +ENDED\n/);
    expect(table.stdout).toContain('ended (exit 3)');
    const text = await cli(['export', greet.key, '--data-dir', ph.dataDir]);
    expect(text.stdout).toContain('> Ada');
    // A session still running is listed as live and can be exported as it stands.
    const script = path.join(tmp, 'waits.py');
    fs.writeFileSync(script, 'print("waiting here")\ninput("More? ")\n');
    const run = porthole(['run', '--port', String(ph.port), '--name', 'waits', '--', 'python3', script]);
    const s = await ph.session('waits', 10_000);
    await ph.rowsUntil(s.id, (rows) => rows.some((r) => r.text === 'More? '), 10_000);
    const live = JSON.parse((await cli(['sessions', '--json', '--data-dir', ph.dataDir])).stdout) as { key: string; state: string }[];
    expect(live.find((x) => x.key === s.key)?.state).toBe('live');
    await waitFor('the output to reach the transcript', async () => (await cli(['export', 'waits', '--data-dir', ph.dataDir])).stdout.includes('waiting here'), 5000);
    await ph.core.invoke('session:send', { id: s.id, text: '', ending: 'lf' });
    expect((await run.done).code).toBe(0);
  });

  it('dialog:propose gives the window the same proposal, with the exact lines beside it', async () => {
    const s = await ph.session('clock');
    const p = await ph.core.invoke('dialog:propose', { id: s.id });
    expect(p.fileName).toBe('clock.dialog.json');
    expect(p.pid).toBe(s.pid);
    expect(p.dialog.steps[0].expect[0]).toEqual({ mask: 'started pid {pid} at {time}' });
    expect(p.texts[0][0]).toMatch(new RegExp(`^started pid ${s.pid} at \\d\\d:\\d\\d:\\d\\d$`));
    expect(p.dialog.end).toEqual({ eof: true, exit: 0 });
  });

  it('usage errors exit 2 with a clear message', async () => {
    const none = await cli(['replay']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no dialog files');
    const missing = await cli(['replay', path.join(tmp, 'nope.dialog.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.dialog\.json: ENOENT/);
    const bad = path.join(tmp, 'bad.dialog.json');
    fs.writeFileSync(bad, JSON.stringify({ 'porthole-dialog': 1, program: { command: ['true'] }, steps: [{ expect: [{ mask: 'at {when}' }] }] }));
    const invalid = await cli(['replay', bad]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('$.steps[0].expect[0].mask: unknown mask {when}');
    expect((await cli(['replay', '--timeout', 'soon', bad])).code).toBe(2);
    const unknown = await cli(['export', 'no-such-session', '--data-dir', ph.dataDir]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no session 'no-such-session'");
    expect((await cli(['export', 'greet', '--format', 'pdf', '--data-dir', ph.dataDir])).code).toBe(2);
  });
});


