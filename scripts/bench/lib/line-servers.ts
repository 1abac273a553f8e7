/**
 * Listeners that take many connections and print what they receive on stdout, for
 * the session churn: `porthole listen` (terminal mode, the product's terminal face)
 * and its peer `ncat -lk`. The harness reads their stdout.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ROOT, track } from './proc.ts';
import { freePort } from './sink.ts';
import { epochMs } from './stats.ts';

export interface LineServer {
  name: string;
  port: number;
  pid: number;
  /** Where `porthole listen` writes its transcripts; '' for the peers. */
  dataDir: string;
  stdout: Readable;
  close(): Promise<void>;
}

export function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function stopper(child: ChildProcess, name: string, cleanup: () => void = () => {}) {
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode != null || child.signalCode != null) resolve();
    else child.on('exit', () => resolve());
  });
  return {
    exited,
    close: async () => {
      if (child.exitCode == null && child.signalCode == null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
      cleanup();
    },
    fail: (why: string) => new Error(`${name}: ${why}`),
  };
}

/** `porthole listen --port 0 --data-dir <tmp>`; stdin stays an open pipe, as when a person runs it in a pipeline. */
export async function startPortholeListen(): Promise<LineServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'porthole-bench-listen-'));
  const child = track(spawn(process.execPath, [path.join(ROOT, 'bin/porthole.js'), 'listen', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  }));
  child.stdin!.on('error', () => {});
  const s = stopper(child, 'porthole listen', () => rmSync(dataDir, { recursive: true, force: true }));
  let stderr = '';
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(s.fail(`printed no listening address within 30 s ${stderr.trim()}`)), 30_000);
      child.stderr!.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString()).slice(-4000);
        const m = /Listening on (?:127\.0\.0\.1|localhost):(\d+)/.exec(stderr);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      void s.exited.then(() => reject(s.fail(`exited: ${stderr.trim().split('\n').slice(-2).join(' ')}`)));
    });
    return { name: 'porthole listen', port, pid: child.pid!, dataDir, stdout: child.stdout!, close: s.close };
  } catch (err) {
    await s.close();
    throw err;
  }
}

/** `ncat -lk`: Nmap's netcat keeping the listener open, printing every connection's bytes. */
export async function startNcat(): Promise<LineServer> {
  const port = await freePort();
  return startPeer('ncat -lk', 'ncat', ['-lk', '127.0.0.1', String(port)], port);
}

async function startPeer(name: string, cmd: string, args: string[], port: number): Promise<LineServer> {
  if (!hasCommand(cmd)) throw new Error(`${cmd} is not installed`);
  const child = track(spawn(cmd, args, { stdio: ['pipe', 'pipe', 'ignore'] }));
  child.stdin!.on('error', () => {});
  const s = stopper(child, name);
  await waitBound(port, s.exited, s.fail);
  return { name, port, pid: child.pid!, dataDir: '', stdout: child.stdout!, close: s.close };
}

/** The peer takes a moment to bind; probing by connecting would add a session, so look at the kernel's table instead. */
async function waitBound(port: number, exited: Promise<void>, fail: (why: string) => Error): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')} `;
  for (let i = 0; i < 400 && !gone; i++) {
    const table = await readFile('/proc/net/tcp', 'utf8').catch(() => '');
    // State 0A is LISTEN.
    if (table.split('\n').some((l) => l.includes(hex) && / 0A /.test(l))) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw fail(gone ? 'exited before listening' : `did not listen on port ${port}`);
}

/**
 * Counts the churn's lines ("TAG n k") in a listener's output, whatever comes before
 * them on the line (`porthole listen` prints "[S] " first).
 */
export class ChurnCounter {
  /** Lines seen per script number. */
  readonly perSession: Uint16Array;
  total = 0;
  /** Epoch ms of the last counted line. */
  lastAt = 0;
  private partial = '';
  private readonly re: RegExp;
  private waiters: Array<() => void> = [];

  constructor(stream: Readable, tag: string, readonly sessions: number, readonly lines: number) {
    this.perSession = new Uint16Array(sessions);
    this.re = new RegExp(`(?:^|\\s)${tag} (\\d+) (\\d+)$`);
    stream.on('data', (chunk: Buffer) => this.take(chunk.toString('latin1')));
  }

  private take(text: string): void {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    // Bounded: a listener that prints without newlines must not grow the harness.
    if (this.partial.length > 65_536) this.partial = '';
    let counted = false;
    for (const line of parts) {
      const m = this.re.exec(line.endsWith('\r') ? line.slice(0, -1) : line);
      if (!m) continue;
      const n = Number(m[1]);
      if (n < this.sessions && Number(m[2]) < this.lines) {
        this.perSession[n]++;
        this.total++;
        counted = true;
      }
    }
    if (counted) {
      this.lastAt = epochMs();
      for (const w of this.waiters.splice(0)) w();
    }
  }

  /** Scripts whose every line arrived exactly once. */
  complete(): number {
    let n = 0;
    for (const c of this.perSession) if (c === this.lines) n++;
    return n;
  }

  /**
   * Resolves once every line arrived, or when none arrived for `stallMs` (then the
   * counts say what is missing); rejects only past `timeoutMs`.
   */
  async waitAll(timeoutMs: number, stallMs = 10_000): Promise<void> {
    const want = this.sessions * this.lines;
    const deadline = Date.now() + timeoutMs;
    while (this.total < want) {
      const before = this.total;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, stallMs);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
      if (this.total === before) return;
      if (Date.now() > deadline) throw new Error(`${this.total} of ${want} lines arrived within ${Math.round(timeoutMs / 1000)} s`);
    }
  }
}

/** Open descriptors of a process (Linux), NaN elsewhere. */
export function openFds(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return NaN;
  }
}
