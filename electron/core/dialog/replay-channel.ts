/**
 * The program a dialog talks to, during replay: started with pipes or on a
 * pseudo-terminal, or reached over TCP when it listens. One shape for all three, and
 * `dispose()` releases every process, stream, socket and timer.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import type { ExitStatus } from '../../../shared/types.ts';

export interface Channel {
  onOut(cb: (d: Buffer) => void): void;
  onErr(cb: (d: Buffer) => void): void;
  /** The program's output ended. */
  onEnd(cb: () => void): void;
  /** The program exited (never for a connection). */
  onExit(cb: (s: ExitStatus) => void): void;
  write(bytes: Buffer): void;
  closeInput(): void;
  /** Stops the program (its whole process group) or drops the connection, and releases everything. */
  dispose(): void;
  readonly pid?: number;
}

export interface SpawnSpec {
  file: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Channels open now: a replay stopped by Ctrl-C ends them all (programs run in groups of their own, which a terminal's Ctrl-C does not reach). */
const open = new Set<Channel>();

export function disposeAll(): void {
  for (const c of [...open]) c.dispose();
}

function tracked(c: Channel): Channel {
  open.add(c);
  const dispose = c.dispose;
  return { ...c, dispose: () => {
    open.delete(c);
    dispose();
  } };
}

type Listeners = { out: ((d: Buffer) => void)[]; err: ((d: Buffer) => void)[]; end: (() => void)[]; exit: ((s: ExitStatus) => void)[] };

function listeners(): Listeners {
  return { out: [], err: [], end: [], exit: [] };
}

export function spawnPiped(spec: SpawnSpec): Promise<Channel> {
  return new Promise((resolve, reject) => {
    const l = listeners();
    // A group of its own, so a hung program and anything it started are killed together.
    const child = spawn(spec.file, spec.args, { cwd: spec.cwd, env: spec.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let ended = 0;
    let exited = false;
    child.stdin.on('error', () => {});
    child.stdout.on('data', (d: Buffer) => l.out.forEach((f) => f(d)));
    child.stderr.on('data', (d: Buffer) => l.err.forEach((f) => f(d)));
    child.stdout.on('end', () => {
      if (++ended === 1) l.end.forEach((f) => f());
    });
    child.on('exit', (code, signal) => {
      exited = true;
      l.exit.forEach((f) => f({ code, signal }));
    });
    child.once('error', (err) => reject(new Error(`cannot start ${spec.file}: ${err.message}`)));
    child.once('spawn', () => {
      resolve(tracked({
        pid: child.pid,
        onOut: (cb) => l.out.push(cb),
        onErr: (cb) => l.err.push(cb),
        onEnd: (cb) => l.end.push(cb),
        onExit: (cb) => l.exit.push(cb),
        write: (b) => {
          if (!child.stdin.destroyed) child.stdin.write(b);
        },
        closeInput: () => child.stdin.end(),
        dispose: () => {
          if (!exited && child.pid !== undefined) {
            try {
              process.kill(-child.pid, 'SIGKILL');
            } catch {
              child.kill('SIGKILL');
            }
          }
          for (const s of [child.stdin, child.stdout, child.stderr]) s.destroy();
        },
      }));
    });
  });
}

type PtyModule = typeof import('@lydell/node-pty');

export function spawnPty(ptyModule: PtyModule, spec: SpawnSpec): Channel {
  const l = listeners();
  const pty = ptyModule.spawn(spec.file, spec.args, {
    name: 'xterm-256color',
    cols: 120,
    rows: 32,
    cwd: spec.cwd,
    env: { ...spec.env, TERM: 'xterm-256color' } as Record<string, string>,
    encoding: null,
  } as Parameters<PtyModule['spawn']>[2]);
  let exited = false;
  const subs = [
    pty.onData((d: string | Buffer) => {
      const b = typeof d === 'string' ? Buffer.from(d, 'utf8') : d;
      l.out.forEach((f) => f(b));
    }),
    pty.onExit(({ exitCode, signal }) => {
      exited = true;
      // On a terminal the end of output is the program's exit.
      l.end.forEach((f) => f());
      l.exit.forEach((f) => f({ code: signal ? null : exitCode, signal: signal ? `signal ${signal}` : null }));
    }),
  ];
  return tracked({
    pid: pty.pid,
    onOut: (cb) => l.out.push(cb),
    onErr: (cb) => l.err.push(cb),
    onEnd: (cb) => l.end.push(cb),
    onExit: (cb) => l.exit.push(cb),
    write: (b) => {
      if (!exited) pty.write(b as unknown as string);
    },
    closeInput: () => {
      if (!exited) pty.write('\x04');
    },
    dispose: () => {
      if (!exited) {
        try {
          pty.kill('SIGKILL');
        } catch {
          /* already gone */
        }
      }
      for (const s of subs) s.dispose();
    },
  });
}

/** Connects to host:port, retrying until the program listens or `deadline` (ms since epoch) passes. */
export async function connectTo(host: string, port: number, deadline: number): Promise<Channel> {
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      const socket = await new Promise<net.Socket>((resolve, reject) => {
        const s = net.connect({ host, port, allowHalfOpen: true });
        s.once('connect', () => {
          s.removeListener('error', reject);
          resolve(s);
        });
        s.once('error', reject);
      });
      const l = listeners();
      socket.on('data', (d: Buffer) => l.out.forEach((f) => f(d)));
      socket.on('end', () => l.end.forEach((f) => f()));
      socket.on('error', () => {});
      return tracked({
        onOut: (cb) => l.out.push(cb),
        onErr: (cb) => l.err.push(cb),
        onEnd: (cb) => l.end.push(cb),
        onExit: (cb) => l.exit.push(cb),
        write: (b) => {
          if (!socket.destroyed) socket.write(b);
        },
        closeInput: () => socket.end(),
        dispose: () => socket.destroy(),
      });
    } catch (err) {
      lastError = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`nothing listens on ${host}:${port} (${lastError || 'timed out'})`);
}
