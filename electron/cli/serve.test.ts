import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/helpers/free-port.ts';
import { describeListener } from './serve.ts';

const root = join(import.meta.dirname, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'porthole-serve-'));
const dataDir = join(scratch, 'data');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const built = existsSync(join(root, 'out', 'renderer', 'index.html'));

interface Serving {
  code: number | null;
  out: string;
}

/**
 * Runs `porthole serve` with its stdin a pipe; `step` sees the output so far and the
 * stdin, and returns true once the test is done, when the server is stopped with SIGTERM.
 */
function serve(args: string[], step?: (out: string, stdin: NodeJS.WritableStream) => Promise<boolean>, env: NodeJS.ProcessEnv = process.env) {
  return new Promise<Serving>((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'porthole.js'), 'serve', ...args], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let stopping = false;
    let busy = false;
    let seen = -1;
    const stop = () => {
      stopping = true;
      child.kill('SIGTERM');
    };
    // One step at a time, run again whenever output arrived during the last one.
    const run = () => {
      if (!step || stopping || busy || seen === out.length) return;
      busy = true;
      seen = out.length;
      step(out, child.stdin).then((done) => {
        busy = false;
        if (done) stop();
        else run();
      }, (err: unknown) => {
        out += `\n[test step failed: ${String(err)}]`;
        stop();
      });
    };
    const on = (c: Buffer) => {
      out += c;
      run();
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

const uiLines = (out: string) => [...out.matchAll(/^UI: (\S+)$/gm)].map((m) => m[1]);

const hasScript = process.platform === 'linux' && spawnSync('script', ['--version']).status === 0;
if (!hasScript) console.log('skipped: the terminal tests need util-linux `script` to make a pseudo-terminal');

/** Runs a shell command line (which makes its own pseudo-terminal with `script`); its output, CRs removed. */
function inTerminal(line: string): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', line], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(out.replace(/\r/g, ''));
    });
  });
}

/** Follows a one-time address: the status of the sign-in, and of the page with the cookie it set. */
async function signIn(url: string): Promise<{ status: number; cookie: string; page: number }> {
  const res = await fetch(url, { redirect: 'manual' });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  const page = cookie ? (await fetch(new URL('/', url), { headers: { Cookie: cookie } })).status : 0;
  return { status: res.status, cookie, page };
}

describe.skipIf(!built)('porthole serve', () => {
  it('prints its listener and a one-time UI address, signs in once, and stops cleanly on SIGTERM', async () => {
    let first = { status: 0, cookie: '', page: 0 };
    let reuse = 0;
    const { code, out } = await serve(['--port', '0', '--ui-port', '0', '--data-dir', dataDir], async (o) => {
      const ui = uiLines(o)[0];
      if (!ui) return false;
      first = await signIn(ui);
      reuse = (await fetch(ui, { redirect: 'manual' })).status;
      return true;
    });
    expect(out).toMatch(/^Listening on 127\.0\.0\.1:\d+ and \[::1\]:\d+$/m);
    expect(out).toMatch(/^UI: http:\/\/127\.0\.0\.1:\d+\/\?code=[\w-]{43}$/m);
    expect(out).not.toMatch(/token/);
    expect(code).toBe(0);
    expect(first.status).toBe(303);
    expect(first.page).toBe(200);
    expect(reuse).toBe(401);
  });

  it('prints a fresh one-time address for each line on its standard input', async () => {
    const results: number[] = [];
    const { code, out } = await serve(['--port', '0', '--ui-port', '0', '--data-dir', dataDir], async (o, stdin) => {
      const lines = uiLines(o);
      if (lines.length === 1) stdin.write('\n');
      if (lines.length === 2) stdin.write('\n\n');
      if (lines.length < 4) return false;
      for (const url of lines) results.push((await signIn(url)).page);
      return true;
    });
    expect(code).toBe(0);
    const lines = uiLines(out);
    expect(lines).toHaveLength(4);
    expect(new Set(lines).size).toBe(4);
    expect(results).toEqual([200, 200, 200, 200]);
  });

  it.skipIf(process.platform !== 'linux')('--open hands the browser a private file, never the address itself', async () => {
    const bin = join(scratch, 'fake-bin');
    const record = join(scratch, 'xdg-open-record');
    // A stand-in for xdg-open that records its arguments and what it was given, before the file goes.
    const script = `#!/bin/sh
f="\${1#file://}"
{ printf 'ARGS:%s\\n' "$*"; printf 'MODE:'; stat -c %a "$f"; printf 'DIRMODE:'; stat -c %a "$(dirname "$f")"; printf 'BODY:'; cat "$f"; } > "${record}.tmp"
mv "${record}.tmp" "${record}"
`;
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'xdg-open'), script);
    chmodSync(join(bin, 'xdg-open'), 0o755);
    let launched = { status: 0, cookie: '', page: 0 };
    let printed = { status: 0, cookie: '', page: 0 };
    const { code, out } = await serve(['--port', '0', '--ui-port', '0', '--data-dir', dataDir, '--open'], async (o) => {
      if (uiLines(o).length === 0) return false;
      for (let i = 0; i < 200 && !existsSync(record); i++) await new Promise((r) => setTimeout(r, 50));
      const text = readFileSync(record, 'utf8');
      const args = /^ARGS:(.*)$/m.exec(text)![1];
      const file = decodeURIComponent(args.replace(/^file:\/\//, ''));
      const url = /location\.replace\("([^"]+)"\)/.exec(text)![1];
      expect(args).toMatch(/^file:\/\/\/\S+\.html$/);
      expect(args).not.toMatch(/code|127\.0\.0\.1/);
      expect(/^MODE:(\d+)$/m.exec(text)![1]).toBe('600');
      expect(/^DIRMODE:(\d+)$/m.exec(text)![1]).toBe('700');
      expect(text).toContain(`<meta http-equiv="refresh" content="0;url=${url.replace(/&/g, '&#38;')}">`);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?code=[\w-]{43}$/);
      // The launcher's address is its own code, not the one printed.
      expect(url).not.toBe(uiLines(o)[0]);
      launched = await signIn(url);
      printed = await signIn(uiLines(o)[0]);
      expect(existsSync(file)).toBe(true);
      return true;
    }, { ...process.env, PATH: `${bin}:${process.env.PATH}`, DISPLAY: ':0' });
    expect(code, out).toBe(0);
    expect(out).not.toContain('could not open a browser');
    expect(launched).toMatchObject({ status: 303, page: 200 });
    expect(printed).toMatchObject({ status: 303, page: 200 });
    // Removed at exit at the latest.
    const args = /^ARGS:(.*)$/m.exec(readFileSync(record, 'utf8'))![1];
    expect(existsSync(decodeURIComponent(args.replace(/^file:\/\//, '')))).toBe(false);
  });

  it('with a fixed --ui-port, keeps the sign-in across restarts in a 0600 secret file', async () => {
    const dir = join(scratch, 'kept');
    const port = await freePort();
    let cookie = '';
    const first = await serve(['--port', '0', '--ui-port', String(port), '--data-dir', dir], async (o) => {
      const ui = uiLines(o)[0];
      if (!ui) return false;
      const s = await signIn(ui);
      cookie = s.cookie;
      return true;
    });
    expect(first.code).toBe(0);
    expect(cookie).toMatch(/^porthole_session_\d+=[\w-]{43}$/);
    const file = join(dir, 'browser-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(cookie.split('=')[1]);

    let again = 0;
    let without = 0;
    const second = await serve(['--port', '0', '--ui-port', String(port), '--data-dir', dir], async (o) => {
      if (uiLines(o).length === 0) return false;
      again = (await fetch(`http://127.0.0.1:${port}/`, { headers: { Cookie: cookie } })).status;
      without = (await fetch(`http://127.0.0.1:${port}/`)).status;
      return true;
    });
    expect(second.code).toBe(0);
    expect(again).toBe(200);
    expect(without).toBe(401);

    // A secret file others can read is not used, and the person is told.
    chmodSync(file, 0o644);
    let stale = 0;
    const third = await serve(['--port', '0', '--ui-port', String(port), '--data-dir', dir], async (o) => {
      if (uiLines(o).length === 0) return false;
      stale = (await fetch(`http://127.0.0.1:${port}/`, { headers: { Cookie: cookie } })).status;
      return true;
    });
    expect(third.code).toBe(0);
    expect(third.out).toMatch(/browser-secret can be read or changed by other users \(mode 644\)/);
    expect(third.out).toContain(`chmod 600 ${file}`);
    expect(stale).toBe(401);
  });

  it('with --ui-port 0, a fresh secret each run and no secret file', async () => {
    const dir = join(scratch, 'fresh');
    const { code, out } = await serve(['--port', '0', '--ui-port', '0', '--data-dir', dir], async (o) => uiLines(o).length > 0);
    expect(code, out).toBe(0);
    expect(existsSync(join(dir, 'browser-secret'))).toBe(false);
  });

  it.skipIf(!hasScript)('in a terminal: Enter prints a fresh address; as a background job it does not read the terminal (no SIGTTIN stop)', async () => {
    const cmd = `${JSON.stringify(process.execPath)} bin/porthole.js serve --port 0 --ui-port 0 --data-dir ${JSON.stringify(dataDir)}`;
    // Foreground in a pseudo-terminal: two presses of Enter, two more addresses, then Ctrl+C.
    const fg = await inTerminal(`(sleep 2.5; printf '\\n'; sleep 0.5; printf '\\n'; sleep 0.5; printf '\\003'; sleep 2) | script -qfec '${cmd}' /dev/null`);
    expect(uiLines(fg)).toHaveLength(3);
    expect(fg).toContain('press Enter here for a fresh one');
    // `porthole serve &` in an interactive shell: still running after a while, and no promise to read Enter.
    const bg = await inTerminal(`script -qfec "bash --norc -i -c 'set -m; ${cmd} & sleep 2; jobs -l; kill %1; wait'" /dev/null`);
    expect(bg).toMatch(/Running/);
    expect(bg).not.toMatch(/Stopped/);
    expect(bg).not.toContain('press Enter here');
    expect(uiLines(bg)).toHaveLength(1);
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
});

describe('porthole serve flags', () => {
  it('explains a bad flag with exit status 2', async () => {
    const { code, out } = await serve(['--ui-port', 'x']);
    expect(code).toBe(2);
    expect(out).toContain("--ui-port must be a number from 0 to 65535, not 'x'");
    const unknown = await serve(['--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toMatch(/usage: porthole serve/);
  });

  it('prints help that explains the one-time address, Enter, and the kept sign-in', async () => {
    const { code, out } = await serve(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('--ui-port P');
    expect(out).toContain('one-time address');
    expect(out).toContain('Press Enter in this terminal');
    expect(out).toContain('browser-secret');
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
