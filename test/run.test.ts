/** `porthole run` with real programs against a real Porthole core. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPorthole, texts, waitFor, type TestPorthole } from './fixtures/porthole-core.ts';
import { porthole, REPO } from './fixtures/run-process.ts';
import { freePort } from './helpers/free-port.ts';

let ph: TestPorthole;
let tmp: string;
beforeAll(async () => {
  ph = await startPorthole();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'porthole-run-'));
});
afterAll(async () => {
  await ph?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const run = (...args: string[]) => porthole(['run', '--port', String(ph.port), ...args]);

/** The rows of lines `line 1…n` arrived one by one, as written, not together at exit. */
function expectArrivedApart(times: number[], gapMs: number) {
  for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThan(gapMs * 0.6);
}

describe('porthole run', () => {
  it('shows a Python script\'s unflushed prints as they are written, stderr apart', async () => {
    const script = path.join(tmp, 'ticks.py');
    fs.writeFileSync(script, 'import sys, time\nfor i in range(1, 4):\n    print("tick", i)\n    print("warn", i, file=sys.stderr)\n    time.sleep(0.6)\n');
    const r = run('--', 'python3', script);
    const s = await ph.session('ticks.py');
    expect(s.pid).toBeGreaterThan(0);
    expect(s.command).toBe(`python3 ${script}`);
    // The first line is there while the program is still running.
    await ph.rowsUntil(s.id, (rows) => texts(rows, 'out').includes('tick 1'), 2000);
    expect((await ph.session((x) => x.id === s.id)).exit).toBeUndefined();
    const rows = await ph.rowsUntil(s.id, (rows) => rows.some((x) => x.kind === 'note' && /exited with status 0/.test(x.text)));
    expect(texts(rows, 'out')).toEqual(['tick 1', 'tick 2', 'tick 3']);
    expect(texts(rows, 'err')).toEqual(['warn 1', 'warn 2', 'warn 3']);
    expectArrivedApart(rows.filter((x) => x.kind === 'out').map((x) => x.time), 600);
    expect((await r.done).code).toBe(0);
  });

  it('line-buffers a C program that printf\'s without fflush', async () => {
    const exe = path.join(tmp, 'slow-printf');
    execFileSync('gcc', ['-O0', '-o', exe, path.join(REPO, 'test/fixtures/slow-printf.c')]);
    const r = run('--name', 'c-prog', '--', exe, '3');
    const s = await ph.session('c-prog');
    const first = await ph.rowsUntil(s.id, (rows) => texts(rows, 'out').includes('line 1'), 3000);
    // Each line arrives before the next sleep ends: line 2 is not there yet.
    expect(texts(first, 'out')).not.toContain('line 2');
    const rows = await ph.rowsUntil(s.id, (rows) => rows.some((x) => /exited with status 7/.test(x.text)));
    expect(texts(rows, 'out')).toEqual(['line 1', 'line 2', 'line 3', 'no newline at the end']);
    expect(texts(rows, 'err')).toEqual(['note 1', 'note 2', 'note 3']);
    expectArrivedApart(rows.filter((x) => x.kind === 'out').slice(0, 3).map((x) => x.time), 600);
    expect((await r.done).code).toBe(7);
    // The program has exited: the session ends (closed, not merely finished sending).
    expect((await ph.session((x) => x.id === s.id && x.state === 'closed')).exit).toEqual({ code: 7, signal: null });
  });

  it('tells the program where Porthole is, so a client module inside it finds the same one', async () => {
    const r = run('--name', 'env-check', '--', 'python3', '-c', "import os; print(os.environ['PORTHOLE_HOST'], os.environ['PORTHOLE_PORT'])");
    const s = await ph.session('env-check');
    const rows = await ph.rowsUntil(s.id, (rows) => rows.some((x) => /exited with status 0/.test(x.text)));
    expect(texts(rows, 'out')).toEqual([`localhost ${ph.port}`]);
    expect((await r.done).code).toBe(0);
  });

  it('runs sh: stdin from the session, stdout and stderr in order, exit status', async () => {
    const r = run('--name', 'sh-dialog', '--', 'sh', '-c', 'echo ready; for i in 1 2 3; do echo "e$i" >&2; echo "o$i"; done; read x; echo "got $x"; exit 4');
    const s = await ph.session('sh-dialog');
    await ph.rowsUntil(s.id, (rows) => texts(rows, 'out').includes('o3'));
    await ph.send(s.id, 'hello there');
    const rows = await ph.rowsUntil(s.id, (rows) => rows.some((x) => /exited with status 4/.test(x.text)));
    expect(texts(rows, 'out')).toEqual(['ready', 'o1', 'o2', 'o3', 'got hello there']);
    expect(texts(rows, 'err')).toEqual(['e1', 'e2', 'e3']);
    expect(texts(rows, 'sent')).toEqual(['hello there']);
    expect((await ph.session((x) => x.id === s.id)).exit).toEqual({ code: 4, signal: null });
    expect((await r.done).code).toBe(4);
  });

  it('keeps many interleaved stdout and stderr lines apart and in order', async () => {
    const r = run('--name', 'interleave', '--', 'python3', '-c', 'import sys\nfor i in range(200):\n    print("o", i)\n    print("e", i, file=sys.stderr)');
    const s = await ph.session('interleave');
    const rows = await ph.rowsUntil(s.id, (rows) => rows.some((x) => /exited/.test(x.text)));
    expect(texts(rows, 'out')).toEqual(Array.from({ length: 200 }, (_, i) => `o ${i}`));
    expect(texts(rows, 'err')).toEqual(Array.from({ length: 200 }, (_, i) => `e ${i}`));
    expect((await r.done).code).toBe(0);
  });

  it('Send EOF ends a `for line in sys.stdin` loop', async () => {
    const r = run('--name', 'upper', '--', 'python3', '-c', 'import sys\nfor line in sys.stdin:\n    print(line.strip().upper())\nprint("done")');
    const s = await ph.session('upper');
    await ph.send(s.id, 'abc');
    await ph.send(s.id, 'def');
    await ph.rowsUntil(s.id, (rows) => texts(rows, 'out').includes('DEF'));
    await ph.eof(s.id);
    const rows = await ph.rowsUntil(s.id, (rows) => rows.some((x) => /exited with status 0/.test(x.text)));
    expect(texts(rows, 'out')).toEqual(['ABC', 'DEF', 'done']);
    expect((await r.done).code).toBe(0);
  });

  it('reports a signal as the exit status and exits with 128+N', async () => {
    const r = run('--name', 'killed', '--', 'sh', '-c', 'echo bye; kill -TERM $$');
    const s = await ph.session('killed');
    await ph.rowsUntil(s.id, (rows) => rows.some((x) => x.kind === 'note' && /SIGTERM/.test(x.text)));
    expect((await ph.session((x) => x.id === s.id)).exit).toEqual({ code: null, signal: 'SIGTERM' });
    expect((await r.done).code).toBe(143);
  });

  it('stops the program when the session is closed', async () => {
    const r = run('--name', 'sleeper', '--', 'python3', '-c', 'import time\nprint("sleeping")\ntime.sleep(60)');
    const s = await ph.session('sleeper');
    await ph.rowsUntil(s.id, (rows) => texts(rows, 'out').includes('sleeping'));
    const t0 = Date.now();
    await ph.closeSession(s.id);
    const done = await r.done;
    expect(done.code).toBe(143);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('stops the program after Send EOF and a close, even if it ignores its stdin', async () => {
    const r = run('--name', 'deaf', '--', 'sleep', '60');
    const s = await ph.session('deaf');
    await ph.eof(s.id);
    await new Promise((res) => setTimeout(res, 700));
    // Send EOF alone keeps it running.
    expect(r.child.exitCode).toBeNull();
    await ph.closeSession(s.id);
    expect((await r.done).code).toBe(143);
  });

  it('kills a program that ignores the polite signal after the grace period', async () => {
    const r = run('--name', 'stubborn', '--grace', '0.5', '--', 'python3', '-c', 'import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint("ignoring")\ntime.sleep(60)');
    const s = await ph.session('stubborn');
    await ph.rowsUntil(s.id, (rows) => texts(rows, 'out').includes('ignoring'));
    await ph.closeSession(s.id);
    expect((await r.done).code).toBe(137);
  });

  it('passes Ctrl-C on to the program', async () => {
    const r = run('--name', 'ctrl-c', '--', 'python3', '-c', 'import time\ntry:\n    print("waiting")\n    time.sleep(60)\nexcept KeyboardInterrupt:\n    print("interrupted")\n    raise SystemExit(5)');
    const s = await ph.session('ctrl-c');
    await ph.rowsUntil(s.id, (rows) => texts(rows, 'out').includes('waiting'));
    r.child.kill('SIGINT');
    const rows = await ph.rowsUntil(s.id, (rows) => rows.some((x) => /exited with status 5/.test(x.text)));
    expect(texts(rows, 'out')).toContain('interrupted');
    expect((await r.done).code).toBe(5);
  });

  it('does not start the program when Porthole is not listening, and says where it looked', async () => {
    const port = await freePort();
    const marker = path.join(tmp, 'started');
    const r = porthole(['run', '--port', String(port), '--', 'sh', '-c', `touch ${marker}`]);
    const done = await r.done;
    expect(done.code).toBe(69);
    expect(done.stderr).toContain(`Porthole is not listening on localhost:${port}`);
    expect(done.stderr).toMatch(/porthole listen --port \d+/);
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('with --wait, waits for Porthole to come up', async () => {
    const port = await freePort();
    const r = porthole(['run', '--port', String(port), '--wait', '--name', 'patient', '--', 'echo', 'finally']);
    await waitFor('the waiting message', () => /waiting for Porthole/.test(r.stderr()));
    const late = await startPorthole({ port });
    try {
      const s = await late.session('patient');
      await late.rowsUntil(s.id, (rows) => texts(rows, 'out').includes('finally'));
      expect((await r.done).code).toBe(0);
    } finally {
      await late.stop();
    }
  });

  it('connects over a Unix domain socket', async () => {
    const sock = path.join(tmp, 'porthole.sock');
    const viaUnix = await startPorthole({ unix: sock });
    try {
      const r = porthole(['run', '--unix', sock, '--', 'echo', 'over unix']);
      const s = await viaUnix.session('echo');
      await viaUnix.rowsUntil(s.id, (rows) => texts(rows, 'out').includes('over unix'));
      expect((await r.done).code).toBe(0);
    } finally {
      await viaUnix.stop();
    }
  });

  it('says so when the program does not exist', async () => {
    const done = await run('--', 'no-such-program-here').done;
    expect(done.code).toBe(127);
    expect(done.stderr).toContain('no-such-program-here: command not found');
  });
});
