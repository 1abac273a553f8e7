/**
 * Runs the Python clients in e2e/helpers/py as real processes, and lets a test wait
 * for what they report on their own terminal (the classic helpers send sys.stdout to
 * Porthole, so the scripts report to sys.__stdout__).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PY_DIR = join(dirname(fileURLToPath(import.meta.url)), 'py');

export interface PythonClient {
  readonly name: string;
  /** What the script printed on its own stdout and stderr so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** Resolves when the script's own stdout matches; rejects if it exits first or the time runs out. */
  waitForStdout(match: string | RegExp, timeoutMs?: number): Promise<void>;
  kill(): void;
}

export function runPython(script: string, args: Array<string | number>): PythonClient {
  const child: ChildProcess = spawn('python3', ['-u', join(PY_DIR, script), ...args.map(String)], {
    cwd: PY_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  const poke = () => waiters.forEach((w) => w());
  child.stdout!.setEncoding('utf8').on('data', (c: string) => { out += c; poke(); });
  child.stderr!.setEncoding('utf8').on('data', (c: string) => { err += c; poke(); });
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    exitCode = code;
    resolve(code);
    poke();
  }));
  const name = `${script} ${args.join(' ')}`;

  return {
    name,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForStdout(match, timeoutMs = 15_000) {
      const hit = () => (typeof match === 'string' ? out.includes(match) : match.test(out));
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (hit()) done();
          else if (exitCode !== undefined) done(new Error(`${name} exited (${exitCode}) before printing ${match}\nstdout: ${out}\nstderr: ${err}`));
        };
        const timer = setTimeout(() => done(new Error(`${name} did not print ${match} within ${timeoutMs} ms\nstdout: ${out}\nstderr: ${err}`)), timeoutMs);
        const done = (e?: Error) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (e) reject(e);
          else resolve();
        };
        waiters.add(check);
        check();
      });
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** A TCP port free on 127.0.0.1 at the time of asking (for a script that listens itself). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
