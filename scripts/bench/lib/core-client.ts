/** The harness's side of core-host.ts: starts Porthole's core in its own process and drives it. */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { HERE, ROOT, track } from './proc.ts';

export interface CoreStats {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** Bytes held by the sessions' line indexes. */
  indexBytes: number;
  maxRss: number;
  /** CPU time the core process has used so far (user + system). */
  cpuMs: number;
}

export interface CoreHost {
  port: number;
  /** Where this core writes its transcripts. */
  dataDir: string;
  pid: number;
  invoke<T = unknown>(cmd: string, args: unknown): Promise<T>;
  stats(): Promise<CoreStats>;
  /** CPU milliseconds used so far, without the full GC that stats() runs first. */
  cpuMs(): Promise<number>;
  /** Resolves (with the epoch ms it was seen) once `sessions` sessions have received `lines` lines in all. */
  waitLines(sessions: number, lines: number, timeoutMs?: number): Promise<{ at: number; total: number }>;
  search(session: number, query: string, regex: boolean, timeoutMs?: number): Promise<{ ms: number; matches: number }>;
  close(): Promise<void>;
}

export async function startCoreHost(): Promise<CoreHost> {
  const child: ChildProcess = track(fork(path.join(ROOT, 'bin/tsx.js'), [path.join(HERE, 'core-host.ts')], {
    cwd: ROOT,
    execArgv: ['--expose-gc', ...(process.env.PORTHOLE_BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.PORTHOLE_BENCH_PROF] : [])],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  }));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code) => {
      for (const p of pending.values()) p.reject(new Error(`core process exited (${code}): ${lastLines(stderr)}`));
      pending.clear();
      resolve();
    }),
  );
  const ready = await new Promise<{ ready: boolean; port?: number; dataDir?: string; error?: string }>((resolve) => {
    child.once('message', (m) => resolve(m as { ready: boolean; port?: number; dataDir?: string; error?: string }));
    void exited.then(() => resolve({ ready: false, error: `core process exited: ${lastLines(stderr)}` }));
  });
  if (!ready.ready || !ready.port) {
    child.kill('SIGKILL');
    throw new Error(ready.error ?? 'core did not start');
  }
  child.on('message', (m) => {
    const msg = m as { id: number; result?: unknown; error?: string };
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.error) p.reject(new Error(msg.error));
    else p.resolve(msg.result);
  });
  const call = <T>(req: Record<string, unknown>): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ ...req, id });
    });
  return {
    port: ready.port,
    dataDir: ready.dataDir ?? '',
    pid: child.pid!,
    invoke: (cmd, args) => call({ op: 'invoke', cmd, args }),
    stats: () => call({ op: 'stats' }),
    cpuMs: () => call({ op: 'cpu' }),
    waitLines: (sessions, lines, timeoutMs = 600_000) => call({ op: 'waitLines', sessions, lines, timeoutMs }),
    search: (session, query, regex, timeoutMs = 120_000) => call({ op: 'search', session, query, regex, timeoutMs }),
    close: async () => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await call({ op: 'close' }).catch(() => {});
      await exited;
      clearTimeout(timer);
    },
  };
}

function lastLines(s: string): string {
  return s.trim().split('\n').slice(-3).join(' ');
}
