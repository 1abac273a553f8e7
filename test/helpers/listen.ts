/** Runs `porthole listen` as a child process, as a person would from a terminal (stdin a pipe). */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach } from 'vitest';
import type { PythonRun } from './python.ts';
import { removeTempDirs } from './temp-dir.ts';
import { waitFor } from './wait.ts';

export const REPO = path.resolve(import.meta.dirname, '../..');

export interface ListenRun {
  proc: ChildProcess;
  /** What it printed to stdout (only the last `keepStdout` characters or so, if that was set). */
  stdout(): string;
  /** Bytes it printed to stdout in all. */
  stdoutBytes(): number;
  stderr(): string;
  /** The port from the "Listening on …" line. */
  port(): Promise<number>;
  waitStdout(what: string | RegExp, timeoutMs?: number): Promise<void>;
  waitStderr(what: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Types one line on its stdin. */
  type(line: string): void;
  /** Starts reading stdout (when started with `blockStdout`). */
  readStdout(): void;
  /** Its resident memory in bytes now (Linux /proc), or null. */
  rss(): number | null;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
}

export interface RunAs {
  /** Run as this user and group (needs root). */
  uid?: number;
  gid?: number;
  /** Limit on open files (`ulimit -n`) for the process. */
  ulimitFiles?: number;
  /** Keep only about this many characters of stdout (a flood need not be held by the test). */
  keepStdout?: number;
  /** Do not read stdout until readStdout(): the pipe fills up and stays full. */
  blockStdout?: boolean;
}

export function runPorthole(args: string[], env: NodeJS.ProcessEnv = {}, as: RunAs = {}): ListenRun {
  const argv = [path.join(REPO, 'bin/porthole.js'), ...args];
  const [cmd, cmdArgs] = as.ulimitFiles
    ? ['sh', ['-c', `ulimit -n ${as.ulimitFiles} && exec "$0" "$@"`, process.execPath, ...argv]]
    : [process.execPath, argv];
  const proc = spawn(cmd, cmdArgs, {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    uid: as.uid,
    gid: as.gid,
  });
  const keep = as.keepStdout ?? Infinity;
  let out = '';
  let outBytes = 0;
  let err = '';
  let reading = false;
  const read = () => {
    if (reading) return;
    reading = true;
    const decoder = new TextDecoder();
    proc.stdout!.on('data', (d: Buffer) => {
      outBytes += d.length;
      out += decoder.decode(d, { stream: true });
      if (out.length > keep * 2) out = out.slice(-keep);
    });
  };
  if (!as.blockStdout) read();
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => proc.on('close', (code, signal) => r({ code, signal })));
  const has = (text: string, what: string | RegExp) => (typeof what === 'string' ? text.includes(what) : what.test(text));
  const seen = () => ({ stdout: out.length > 4000 ? '…' + out.slice(-4000) : out, stderr: err });
  return {
    proc,
    stdout: () => out,
    stdoutBytes: () => outBytes,
    stderr: () => err,
    async port() {
      await waitFor('"Listening on"', () => /Listening on \S+:(\d+)/.test(err), 20_000, seen);
      return Number(/Listening on \S+:(\d+)/.exec(err)![1]);
    },
    waitStdout: (what, timeoutMs = 10_000) => waitFor(`stdout to show ${String(what)}`, () => has(out, what), timeoutMs, seen).then(() => undefined),
    waitStderr: (what, timeoutMs = 10_000) => waitFor(`stderr to show ${String(what)}`, () => has(err, what), timeoutMs, seen).then(() => undefined),
    type: (line) => {
      proc.stdin!.write(line + '\n');
    },
    readStdout: read,
    rss: () => {
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${proc.pid}/status`, 'utf8'));
        return m ? Number(m[1]) * 1024 : null;
      } catch {
        return null;
      }
    },
    exited,
    kill: (signal = 'SIGKILL') => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    },
  };
}

/**
 * For a file of terminal-mode tests: after each test its clients and its `porthole listen`
 * (whatever `current` returns then) are stopped; after all, the temporary folders go.
 */
export function stopAfterEach(current: () => ListenRun | undefined, clients: PythonRun[]): void {
  afterEach(async () => {
    for (const c of clients.splice(0)) c.kill();
    const run = current();
    run?.kill();
    await run?.exited;
  });
  afterAll(removeTempDirs);
}
