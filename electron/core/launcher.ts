/**
 * Programs the core starts itself (the window's Run…, Run again, a dialog's replay):
 * each through `porthole run`, connected back over a private Unix socket that lives
 * only until that one connection arrives. So a started program is a session like any
 * other `porthole run` session (framing, exit status, pty, echo-off secrets), its
 * pty code lives in a process of its own, and the core's own listener is not needed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { findExecutable } from './dialog/replay-launch.ts';

/** A running `porthole run`, whatever started it (a Node child process, or Electron's utility process). */
export interface RunnerProcess {
  readonly stderr: NodeJS.ReadableStream | null;
  kill(): void;
  onExit(cb: (how: string) => void): void;
  onError(cb: (err: Error) => void): void;
}

/** Starts the `porthole` command with these arguments (`run …`). */
export type RunnerSpawn = (args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }) => RunnerProcess;

/** For the faces that are Node itself: `file prefix… run …` as a child process. */
export function nodeRunner(file: string, prefix: string[]): RunnerSpawn {
  return (args, opts) => {
    const child = spawn(file, [...prefix, ...args], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true });
    return {
      stderr: child.stderr,
      kill: () => child.kill('SIGTERM'),
      onExit: (cb) => child.once('exit', (code, signal) => cb(signal ?? `status ${code}`)),
      onError: (cb) => child.once('error', cb),
    };
  };
}

export interface LaunchRequest {
  argv: string[];
  cwd: string;
  pty: boolean;
  encoding?: string;
  cols?: number;
  rows?: number;
  /** Extra environment for the program (a dialog's recorded variables). */
  env?: Record<string, string>;
}

export class LaunchError extends Error {}

/** Time for `porthole run` to start and connect back. */
const CONNECT_TIMEOUT_MS = 20_000;
/** What is kept of `porthole run`'s own complaints, to say why it did not start. */
const MAX_STDERR = 8 * 1024;
/** Programs starting at once (not connected back yet) at most. */
const MAX_STARTING = 16;
const MIN_SIZE = 10;
const MAX_SIZE = 1000;

function clampSize(n: number | undefined, fallback: number): number {
  return n === undefined ? fallback : Math.min(MAX_SIZE, Math.max(MIN_SIZE, Math.round(n)));
}

/** Checks what can be checked before anything starts, with a message for the person. */
export function checkLaunch(req: LaunchRequest): string {
  if (req.argv.length === 0 || req.argv[0] === '') throw new LaunchError('no command to run');
  if (!path.isAbsolute(req.cwd)) throw new LaunchError(`the folder must be a full path, not '${req.cwd}'`);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(req.cwd);
  } catch {
    throw new LaunchError(`no such folder: ${req.cwd}`);
  }
  if (!stat.isDirectory()) throw new LaunchError(`not a folder: ${req.cwd}`);
  const program = findExecutable(req.argv[0], { ...process.env, ...req.env }, req.cwd);
  if (!program) throw new LaunchError(`${req.argv[0]}: command not found${req.argv[0].includes('/') ? ` (from ${req.cwd})` : ' on the PATH'}`);
  return program;
}

export class Launcher<T> {
  private readonly children = new Set<RunnerProcess>();
  private closed = false;
  private starting = 0;

  constructor(
    private readonly runner: RunnerSpawn,
    /** Makes the connection from `porthole run` a session. */
    private readonly adopt: (socket: net.Socket, req: LaunchRequest) => T,
  ) {}

  /** Resolves with the program's session once it exists; rejects with why it could not start. */
  async start(req: LaunchRequest): Promise<T> {
    if (this.closed) throw new LaunchError('Porthole is shutting down');
    if (this.starting >= MAX_STARTING) throw new LaunchError(`${MAX_STARTING} programs are still starting; try again in a moment`);
    checkLaunch(req);
    this.starting++;
    try {
      return await this.launch(req);
    } finally {
      this.starting--;
    }
  }

  private async launch(req: LaunchRequest): Promise<T> {
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'porthole-run-'));
    const sock = path.join(dir, 'run.sock');
    const server = net.createServer({ allowHalfOpen: true });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(sock, () => {
          server.off('error', reject);
          resolve();
        });
      });
      // The folder is the owner's alone already (mkdtemp); the socket too, against a lax umask.
      fs.chmodSync(sock, 0o600);
    } catch (err) {
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
      throw new LaunchError(`could not prepare the program's connection: ${(err as Error).message}`);
    }

    const flags = ['run', '--unix', sock];
    if (req.pty) flags.push('--pty', '--size', `${clampSize(req.cols, 80)}x${clampSize(req.rows, 24)}`);
    if (req.encoding) flags.push('--encoding', req.encoding);
    let child: RunnerProcess;
    try {
      child = this.runner([...flags, '--', ...req.argv], { cwd: req.cwd, env: { ...process.env, ...req.env } });
    } catch (err) {
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
      throw new LaunchError(`could not start porthole run: ${(err as Error).message}`);
    }
    this.children.add(child);
    let stderr = '';
    let stderrOpen = child.stderr !== null;
    child.stderr?.setEncoding('utf8');
    // Read to the end whatever it says later, so it never blocks on a full pipe.
    child.stderr?.on('data', (d: string) => {
      if (stderr.length < MAX_STDERR) stderr += d.slice(0, MAX_STDERR - stderr.length);
    });
    child.stderr?.once('close', () => (stderrOpen = false));
    child.onExit(() => this.children.delete(child));

    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const settle = (err: Error | null, socket?: net.Socket) => {
        if (settled) {
          socket?.destroy();
          return;
        }
        settled = true;
        clearTimeout(timer);
        server.close();
        // Gone before anyone hears of the session: nothing is left in the temporary folder.
        fs.rmSync(dir, { recursive: true, force: true });
        if (err) {
          child.kill();
          reject(err);
          return;
        }
        try {
          resolve(this.adopt(socket!, req));
        } catch (e) {
          socket!.destroy();
          reject(e as Error);
        }
      };
      const timer = setTimeout(() => settle(new LaunchError(`porthole run did not connect within ${CONNECT_TIMEOUT_MS / 1000} s`)), CONNECT_TIMEOUT_MS);
      server.once('connection', (socket) => settle(null, socket));
      child.onError((err) => settle(new LaunchError(`could not start porthole run: ${err.message}`)));
      child.onExit((how) => {
        // Why it gave up, in its own words ("porthole run: …"), once its stderr is read.
        const explain = () => {
          const said = stderr.split('\n').map((l) => l.replace(/^porthole run: /, '').trim()).find(Boolean);
          settle(new LaunchError(said ?? `porthole run ended (${how}) before the program started`));
        };
        if (!stderrOpen) explain();
        else {
          child.stderr!.once('close', explain);
          setTimeout(explain, 500).unref();
        }
      });
    });
  }

  /** Stops every `porthole run` still going (each stops its program's process group). */
  close(): void {
    this.closed = true;
    for (const c of this.children) c.kill();
  }

  get running(): number {
    return this.children.size;
  }
}
