/** The whole app in browser mode: `porthole serve` in its own process, on free ports, with a temporary data directory. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { ROOT, track } from './proc.ts';

export interface App {
  /** The interface address, token included. */
  url: string;
  /** The port scripts connect to. */
  port: number;
  pid: number;
  /** Resident memory of the app's process now, bytes. */
  rss(): number;
  /** CPU milliseconds the app's process has used so far (Linux; NaN elsewhere). */
  cpuMs(): number;
  close(): Promise<void>;
}

const RENDERER_INDEX = path.join(ROOT, 'out/renderer/index.html');

/**
 * Browser mode serves the built renderer. A checkout that was never built gets built
 * once here (a build, not an install), so `npm run bench` works on a fresh clone.
 */
export function ensureRendererBuilt(log: (m: string) => void): void {
  if (existsSync(RENDERER_INDEX)) {
    const built = statSync(RENDERER_INDEX).mtimeMs;
    if (newestMtime(path.join(ROOT, 'renderer')) > built) log('note: out/renderer is older than renderer/ sources; run `npm run build` to measure the current interface');
    return;
  }
  log('building the interface (npm run build) for browser mode');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0 || !existsSync(RENDERER_INDEX)) throw new Error(`the interface could not be built: ${(r.stderr ?? '').trim().split('\n').slice(-2).join(' ')}`);
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && !/\.test\.tsx?$/.test(e.name)) newest = Math.max(newest, statSync(path.join(e.parentPath, e.name)).mtimeMs);
  }
  return newest;
}

export async function startApp(): Promise<App> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'porthole-bench-app-'));
  // PORTHOLE_BENCH_PROF=DIR: a CPU profile of `porthole serve` in DIR, written when it exits.
  const prof = process.env.PORTHOLE_BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PORTHOLE_BENCH_PROF}`] : [];
  const child = track(spawn(process.execPath, [...prof, path.join(ROOT, 'bin/porthole.js'), 'serve', '--host', '127.0.0.1', '--port', '0', '--ui-port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  }));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const cleanup = () => rmSync(dataDir, { recursive: true, force: true });
  try {
    const { url, port } = await new Promise<{ url: string; port: number }>((resolve, reject) => {
      let port = 0;
      const timer = setTimeout(() => reject(new Error(`porthole serve printed no UI address within 30 s ${stderr.trim()}`)), 30_000);
      readline.createInterface({ input: child.stdout! }).on('line', (line) => {
        const listening = /^Listening on (?:127\.0\.0\.1|localhost|\[::1\]):(\d+)/.exec(line);
        if (listening && !port) port = Number(listening[1]);
        const ui = /^UI: (\S+)/.exec(line);
        if (ui) {
          clearTimeout(timer);
          if (port) resolve({ url: ui[1], port });
          else reject(new Error('porthole serve printed no listening address'));
        }
      });
      void exited.then(() => reject(new Error(`porthole serve exited: ${stderr.trim().split('\n').slice(-2).join(' ')}`)));
    });
    return {
      url,
      port,
      pid: child.pid!,
      rss: () => processRss(child.pid!),
      cpuMs: () => processCpuMs(child.pid!),
      close: async () => {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
        await exited;
        clearTimeout(timer);
        cleanup();
      },
    };
  } catch (err) {
    child.kill('SIGKILL');
    cleanup();
    throw err;
  }
}

/** VmRSS of a process in bytes (Linux), NaN elsewhere. */
export function processRss(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** utime + stime of a process in milliseconds (Linux, at the usual 100 ticks per second), NaN elsewhere. */
export function processCpuMs(pid: number): number {
  try {
    // The command name may hold spaces: count fields after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}
