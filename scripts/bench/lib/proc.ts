/** Child processes that talk in JSON lines on stdout, and the producers built on them. */
import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '../../..');

const children = new Set<ChildProcess>();

/** Remembers a child so a timed-out step, or the end of the run, can stop it. */
export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

/** Stops every child this harness started and that is still running. */
export function killChildren(): void {
  for (const c of children) if (c.exitCode == null && c.signalCode == null) c.kill('SIGKILL');
  children.clear();
}
process.on('exit', killChildren);

export interface JsonChild {
  child: ChildProcess;
  /** Resolves with the next message whose `event` is `name` (messages already seen count). */
  next(name: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  send(line: string): void;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  kill(): void;
}

export function spawnJson(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): JsonChild {
  const child = track(spawn(cmd, args, { cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] }));
  const name = path.basename(cmd === process.execPath ? (args[0] ?? cmd) : cmd);
  const seen: Record<string, unknown>[] = [];
  const waiters: Array<{ name: string; resolve: (m: Record<string, unknown>) => void }> = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-2000);
  });
  readline.createInterface({ input: child.stdout! }).on('line', (l) => {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(l) as Record<string, unknown>;
    } catch {
      return;
    }
    const i = waiters.findIndex((w) => w.name === msg.event);
    if (i >= 0) waiters.splice(i, 1)[0].resolve(msg);
    else seen.push(msg);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => resolve(code));
    // A program that is not installed: say so instead of crashing the run.
    child.on('error', (err) => {
      stderr += `${cmd}: ${err.message}`;
      resolve(null);
    });
  });
  child.stdin!.on('error', () => {});
  return {
    child,
    exited,
    next(event, timeoutMs = 600_000) {
      const i = seen.findIndex((m) => m.event === event);
      if (i >= 0) return Promise.resolve(seen.splice(i, 1)[0]);
      const err = seen.find((m) => m.event === 'error');
      if (err) return Promise.reject(new Error(String(err.message)));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name}: no '${event}' within ${timeoutMs} ms ${stderr.trim()}`)), timeoutMs);
        const done = (m: Record<string, unknown>) => {
          clearTimeout(timer);
          if (m.event === 'error') reject(new Error(String(m.message)));
          else resolve(m);
        };
        waiters.push({ name: event, resolve: done }, { name: 'error', resolve: done });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`${name} exited (${code}) before '${event}': ${stderr.trim().split('\n').slice(-3).join(' ')}`));
        });
      });
    },
    send(line) {
      child.stdin!.write(line + '\n');
    },
    kill() {
      if (child.exitCode == null && child.signalCode == null) child.kill('SIGKILL');
    },
  };
}

export interface FloodSpec {
  port: number;
  host?: string;
  lines: number;
  marker: string;
  /** Lines per second; 0 = as fast as the socket takes them. */
  rate?: number;
  /** Connect, then wait for start() before flooding. */
  wait?: boolean;
  /** Keep flooding until stop(). */
  forever?: boolean;
}

export interface Flood {
  /** The producer's local port: the session's name is "127.0.0.1:<localPort>". */
  localPort: number;
  start(): void;
  stop(): void;
  done(): Promise<{ lines: number; bytes: number; ms: number }>;
  kill(): void;
}

/** Starts the flood producer and waits until it is connected. */
export async function startFlood(spec: FloodSpec): Promise<Flood> {
  const args = [path.join(HERE, 'producer.js'), '--port', String(spec.port), '--host', spec.host ?? '127.0.0.1',
    '--lines', String(spec.lines), '--marker', spec.marker, '--rate', String(spec.rate ?? 0)];
  if (spec.wait) args.push('--wait');
  if (spec.forever) args.push('--forever');
  const p = spawnJson(process.execPath, args);
  try {
    const connected = await p.next('connected', 15_000);
    return {
      localPort: Number(connected.localPort),
      start: () => p.send('go'),
      stop: () => p.send('stop'),
      done: async () => {
        const d = await p.next('done');
        return { lines: Number(d.lines), bytes: Number(d.bytes), ms: Number(d.ms) };
      },
      kill: () => p.kill(),
    };
  } catch (e) {
    p.kill();
    throw e;
  }
}

/**
 * Runs the Python makefile producer against a port; resolves with the script's own
 * print-loop time. `beforeStart` runs once it is connected (to show its session).
 */
export async function runPythonProducer(port: number, lines: number, marker: string, beforeStart?: (localPort: number) => Promise<void>): Promise<number> {
  const p = spawnJson('python3', [path.join(HERE, 'producer.py'), String(port), String(lines), marker, ...(beforeStart ? ['wait'] : [])]);
  try {
    if (beforeStart) {
      const c = await p.next('connected', 15_000);
      await beforeStart(Number(c.localPort));
      p.send('go');
    }
    const d = await p.next('done');
    await p.exited;
    return Number(d.seconds);
  } finally {
    p.kill();
  }
}

export function uniqueMarker(tag: string): string {
  return `END-${tag}-${Math.random().toString(36).slice(2, 10)}`;
}

export const LINE_BYTES = 80;
