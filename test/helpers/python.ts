/**
 * Runs a Python client written for a test: the source goes to a temporary file and
 * python3 runs it unbuffered, with stdout/stderr collected.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './temp-dir.ts';
import { waitFor } from './wait.ts';

export interface PythonRun {
  proc: ChildProcess;
  /** What the script printed to its own stdout/stderr so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when the script exits. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** Waits until the script's own stdout contains `text`. */
  waitStdout(text: string | RegExp, timeoutMs?: number): Promise<void>;
  kill(): void;
}

let scriptDir: string | null = null;
let counter = 0;

export function runPython(source: string, args: (string | number)[] = [], opts: { stdin?: string } = {}): PythonRun {
  scriptDir ??= tempDir('porthole-py-');
  const file = path.join(scriptDir, `client-${++counter}.py`);
  fs.writeFileSync(file, source);
  const proc = spawn('python3', ['-u', file, ...args.map(String)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  if (opts.stdin !== undefined) proc.stdin!.end(opts.stdin);
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    proc.on('close', (code, signal) => resolve({ code, signal, stdout: out, stderr: err }));
  });
  return {
    proc,
    stdout: () => out,
    stderr: () => err,
    done,
    waitStdout: (text, timeoutMs = 10_000) => waitFor(`python to print ${String(text)}`,
      () => (typeof text === 'string' ? out.includes(text) : text.test(out)), timeoutMs, () => ({ stdout: out, stderr: err })).then(() => undefined),
    kill: () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    },
  };
}

/** Asserts the script exited 0, with its stderr in the message otherwise. */
export async function expectExit0(run: PythonRun, timeoutMs = 15_000): Promise<string> {
  const timer = setTimeout(() => run.kill(), timeoutMs);
  const r = await run.done;
  clearTimeout(timer);
  if (r.code !== 0) throw new Error(`python exited ${r.code ?? r.signal}: ${r.stderr || r.stdout}`);
  return r.stdout;
}

/** The start of every test client: the classic imports and a connect() to the port in argv[1]. */
export const CLIENT_PRELUDE = `
import sys, time, struct
from socket import socket, AF_INET, SOCK_STREAM, SHUT_WR, SOL_SOCKET, SO_LINGER
host, port = '127.0.0.1', int(sys.argv[1])
def connect():
    sock = socket(AF_INET, SOCK_STREAM)
    sock.connect((host, port))
    return sock
`;

/** A script that connects, sends one line and closes; resolves once it has exited 0. */
export const oneScript = (port: number, text: string): Promise<string> => expectExit0(runPython(`
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s.sendall(sys.argv[2].encode() + b'\\n')
s.close()
`, [port, text]));
