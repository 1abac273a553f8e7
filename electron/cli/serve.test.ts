import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeListener } from './serve.ts';

const root = join(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'porthole-serve-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs `porthole serve`; once `until` resolves true for its output so far, stops it with SIGTERM. */
function serve(args: string[], until?: (out: string) => Promise<boolean>) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'porthole.js'), 'serve', ...args], { cwd: root });
    let out = '';
    let stopping = false;
    const on = (c: Buffer) => {
      out += c;
      if (!until || stopping) return;
      void until(out).then((stop) => {
        if (stop && !stopping) {
          stopping = true;
          child.kill('SIGTERM');
        }
      });
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('porthole serve', () => {
  it('prints its listener and the UI address, serves the page, and stops cleanly on SIGTERM', async () => {
    let page = 0;
    const { code, out } = await serve(['--port', '0', '--ui-port', '0', '--data-dir', dataDir], async (o) => {
      const ui = /^UI: (\S+)$/m.exec(o);
      if (!ui) return false;
      page = (await fetch(ui[1])).status;
      return true;
    });
    expect(out).toMatch(/^Listening on 127\.0\.0\.1:\d+ and \[::1\]:\d+$/m);
    expect(out).toMatch(/^UI: http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/m);
    expect(code).toBe(0);
    expect(page).toBe(200);
  });

  it('explains a bad flag with exit status 2', async () => {
    const { code, out } = await serve(['--ui-port', 'x']);
    expect(code).toBe(2);
    expect(out).toContain("--ui-port must be a number from 0 to 65535, not 'x'");
    const unknown = await serve(['--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toMatch(/usage: porthole serve/);
  });

  it('says which interface port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { code, out } = await serve(['--port', '0', '--ui-port', String(port), '--data-dir', dataDir]);
      expect(code).toBe(1);
      expect(out).toContain(`port ${port} for the interface is in use`);
    } finally {
      blocker.close();
    }
  });

  it('prints help', async () => {
    const { code, out } = await serve(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('--ui-port P');
  });
});

describe('describeListener', () => {
  it.each([
    [{ id: 1, kind: 'tcp', addresses: ['127.0.0.1:50008', '[::1]:50008'], state: 'listening', exposed: false }, 'Listening on 127.0.0.1:50008 and [::1]:50008'],
    [{ id: 2, kind: 'unix', path: '/tmp/p.sock', addresses: ['/tmp/p.sock'], state: 'listening', exposed: false }, 'Listening on /tmp/p.sock'],
    [{ id: 3, kind: 'tcp', host: '0.0.0.0', port: 9, addresses: ['0.0.0.0:9'], state: 'listening', exposed: true }, 'Listening on 0.0.0.0:9 (WARNING: reachable beyond this machine)'],
    [{ id: 4, kind: 'tcp', host: 'localhost', port: 50008, addresses: [], state: 'error', error: 'port 50008 is in use', exposed: false }, 'Not listening on localhost:50008: port 50008 is in use'],
  ] as const)('%j', (l, text) => {
    expect(describeListener(l as never)).toBe(text);
  });
});
