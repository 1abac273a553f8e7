/**
 * Dialogs of classic socket scripts (they connect to Porthole by themselves, their
 * stdin and stdout redirected to the socket): saved with the address they connected
 * to, and replayed by listening there, starting the script and talking over its
 * connection.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseDialog, writeDialog } from '../shared/dialog.ts';
import { replayDialog } from '../electron/core/dialog/replay-run.ts';
import { startCore, type TestCore } from './helpers/core.ts';
import { removeTempDirs, tempDir } from './helpers/temp-dir.ts';

afterAll(removeTempDirs);

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/** Shape 3 of the classic examples: connect, redirect both ways, speak first, then answer. */
const CLASSIC = `import socket, sys
port = int(sys.argv[1])
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect(('localhost', port))
sys.stdout = s.makefile('w')
sys.stdin = s.makefile('r')
print('Welcome, pid', __import__('os').getpid())
name = input('Name? ')
print('Hello,', name.upper() if len(sys.argv) > 2 else name)
print('Letters:', len(name))
`;

describe('replaying a classic socket script', () => {
  it('records where the script connected, and replays it there: pass, then a changed program fails', async () => {
    const dir = tempDir('porthole-classic-');
    const script = path.join(dir, 'classic.py');
    fs.writeFileSync(script, CLASSIC);
    t = await startCore({ listeners: [{ host: '127.0.0.1', port: 0 }] });
    // Started by a relative path: the dialog needs the folder the OS says it runs in.
    const py = spawn('python3', ['classic.py', String(t.port)], { cwd: dir, stdio: 'ignore' });
    const exited = new Promise((r) => py.once('exit', r));
    const s = await t.session((x) => x.command !== undefined, 10_000);
    await t.rowsUntil(s.id, (rows) => rows.some((r) => r.kind === 'out' && r.text === 'Name? '));
    await t.send(s.id, 'Ada');
    await t.rowsUntil(s.id, (rows) => rows.some((r) => r.text === 'Letters: 3'));
    await exited;
    const { dialog } = await t.core.invoke('dialog:propose', { id: s.id });
    expect(dialog.program).toMatchObject({ command: [expect.stringMatching(/python3$/), 'classic.py', String(t.port)], cwd: fs.realpathSync(dir), listen: `127.0.0.1:${t.port}` });
    // The file round-trips, listen and all.
    const file = parseDialog(writeDialog(dialog));
    expect(file.program?.listen).toBe(`127.0.0.1:${t.port}`);

    // Porthole still listens on that port: replay says so instead of hanging.
    const elsewhere = tempDir('porthole-classic-elsewhere-');
    const busy = await replayDialog(file, { timeoutMs: 5_000, baseDir: elsewhere });
    expect(busy.status).toBe('fail');
    expect(busy.steps[0].message).toMatch(/port is in use/);
    await t.close();
    t = null;

    const ok = await replayDialog(file, { timeoutMs: 10_000, baseDir: elsewhere });
    expect(ok.steps.map((x) => x.status)).toEqual(['pass', 'pass', 'pass']);
    expect(ok.status).toBe('pass');

    const changed = await replayDialog({ ...file, program: { ...file.program!, command: [...file.program!.command, 'shout'] } }, { timeoutMs: 10_000, baseDir: elsewhere });
    expect(changed.status).toBe('fail');
    expect(changed.steps[1]).toMatchObject({ status: 'fail', message: 'line 1 differs' });
    expect(changed.steps[1].diff?.join('\n')).toContain('"Hello, ADA"');
  });

  it('says so when the program never connects, and leaves nothing listening', async () => {
    const dir = tempDir('porthole-classic-');
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as net.AddressInfo).port;
        probe.close(() => resolve(p));
      });
    });
    const d = parseDialog(JSON.stringify({
      'porthole-dialog': 1,
      program: { command: ['python3', '-c', 'import sys; print("no socket here", file=sys.stderr); sys.exit(4)'], listen: `127.0.0.1:${port}` },
      steps: [{ expect: ['hi'] }],
    }));
    const r = await replayDialog(d, { timeoutMs: 5_000, baseDir: dir });
    expect(r.status).toBe('fail');
    expect(r.steps[0].message).toBe(`the program ended (exit status 4) without connecting to 127.0.0.1:${port}: no socket here`);
    // The port is free again.
    await new Promise<void>((resolve, reject) => {
      const again = net.createServer().once('error', reject).listen(port, '127.0.0.1', () => again.close(() => resolve()));
    });
  });

  it.each([
    [{ command: ['x'], listen: 'nowhere' }, '$.program.listen: must be "host:port"'],
    [{ command: ['x'], listen: '127.0.0.1:70000' }, '$.program.listen: must be "host:port"'],
    [{ command: ['x'], listen: '127.0.0.1:5000', pty: true }, 'does not run on a pseudo-terminal'],
  ])('refuses the program %j', (program, message) => {
    expect(() => parseDialog(JSON.stringify({ 'porthole-dialog': 1, program, steps: [] }))).toThrow(message);
  });
});
