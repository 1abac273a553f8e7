/**
 * The program a dialog talks to, during replay: started with pipes or on a
 * pseudo-terminal, or reached over TCP when it listens. One shape for all three, and
 * `dispose()` releases every process, stream, socket and timer.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import type { LineEndingName } from '../../../shared/dialog.ts';
import type { ExitStatus } from '../../../shared/types.ts';
import { Intake } from '../hello-parser.ts';

export interface Channel {
  onOut(cb: (d: Buffer) => void): void;
  onErr(cb: (d: Buffer) => void): void;
  /** The program's output ended. */
  onEnd(cb: () => void): void;
  /** The program exited (never for a connection). */
  onExit(cb: (s: ExitStatus) => void): void;
  write(bytes: Buffer): void;
  /** Sends a reply as text (a session records it as one): used instead of `write` where given. */
  reply?(text: string, ending: LineEndingName): void;
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
      return socketChannel(socket, l, (d) => l.out.forEach((f) => f(d)));
    } catch (err) {
      lastError = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`nothing listens on ${host}:${port} (${lastError || 'timed out'})`);
}

/**
 * A program that connects by itself (a classic socket script, or one using the Python
 * module): listen where it connects, start it, and talk over the first connection it
 * makes (a hello and frames on it are read as Porthole reads them). What it prints to
 * its own stdout and stderr is reported as stderr.
 */
export async function listenFor(host: string, port: number, spec: SpawnSpec, deadline: number): Promise<Channel> {
  const server = net.createServer({ allowHalfOpen: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(new Error(err.code === 'EADDRINUSE'
        ? `cannot listen on ${host}:${port} for the program to connect to: the port is in use (is Porthole itself listening there? stop it and replay again)`
        : `cannot listen on ${host}:${port} for the program to connect to: ${err.code ?? err.message}`));
    });
    server.listen({ host, port, exclusive: true }, () => resolve());
  });
  const env = { ...spec.env, PORTHOLE_HOST: host, PORTHOLE_PORT: String(port) };
  const l = listeners();
  const child = spawn(spec.file, spec.args, { cwd: spec.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let exited = false;
  let said = '';
  const own = (d: Buffer) => {
    if (said.length < 4096) said += d.toString('utf8');
    l.err.forEach((f) => f(d));
  };
  child.stdout.on('data', own);
  child.stderr.on('data', own);
  child.on('exit', (code, signal) => {
    exited = true;
    l.exit.forEach((f) => f({ code, signal }));
  });
  const kill = () => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  };
  let socket: net.Socket;
  try {
    socket = await new Promise<net.Socket>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the program did not connect to ${host}:${port} within the timeout`)), Math.max(1, deadline - Date.now()));
      server.once('connection', (s) => {
        clearTimeout(timer);
        resolve(s);
      });
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`cannot start ${spec.file}: ${err.message}`));
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        const why = said.trim().split('\n').pop();
        reject(new Error(`the program ended (${signal ?? `exit status ${code}`}) without connecting to ${host}:${port}${why ? `: ${why}` : ''}`));
      });
    });
  } catch (err) {
    kill();
    server.close();
    child.stdout.destroy();
    child.stderr.destroy();
    throw err;
  }
  // One conversation: later connections (a second client) are not part of it.
  server.on('connection', (s) => s.destroy());
  server.close();
  const intake = new Intake({
    plain: (b) => l.out.forEach((f) => f(b)),
    stdout: (b) => l.out.forEach((f) => f(b)),
    stderr: (b) => l.err.forEach((f) => f(b)),
    hello: () => undefined,
    exit: () => undefined,
    echo: () => undefined,
    problem: (m) => l.err.forEach((f) => f(Buffer.from(`${m}\n`))),
  });
  return socketChannel(socket, l, (d) => intake.push(d), child.pid, () => {
    kill();
    server.close();
    child.stdout.destroy();
    child.stderr.destroy();
  });
}

/** A conversation over a socket: what arrives goes to `take`, its end is the end of output; `release` runs on dispose. */
function socketChannel(socket: net.Socket, l: Listeners, take: (d: Buffer) => void, pid?: number, release?: () => void): Channel {
  socket.on('data', take);
  socket.on('end', () => l.end.forEach((f) => f()));
  socket.on('error', () => {});
  return tracked({
    ...(pid !== undefined ? { pid } : {}),
    onOut: (cb) => l.out.push(cb),
    onErr: (cb) => l.err.push(cb),
    onEnd: (cb) => l.end.push(cb),
    onExit: (cb) => l.exit.push(cb),
    write: (b) => {
      if (!socket.destroyed) socket.write(b);
    },
    closeInput: () => socket.end(),
    dispose: () => {
      release?.();
      socket.destroy();
    },
  });
}
