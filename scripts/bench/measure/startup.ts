/**
 * The `porthole` command itself: how long `porthole --help` takes to start and how much
 * memory it needs, beside `node -e 0` in the same run; and `porthole run` of a Python
 * script printing a flood of lines into Porthole's core, beside the same script piped
 * into `cat`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { startCoreHost } from '../lib/core-client.ts';
import { HERE, ROOT, track } from '../lib/proc.ts';
import { percentile } from '../lib/stats.ts';

const BIN = path.join(ROOT, 'bin/porthole.js');
const PRINT_LINES = path.join(HERE, 'print-lines.py');

/** Preloaded into a program whose peak RSS is measured: reports it on descriptor 3 as it exits. */
const REPORT_MAX_RSS = path.join(HERE, 'report-max-rss.cjs');

/**
 * Whether out/cli holds a bundle built from the current sources; if not, bin/porthole.js
 * would run the TypeScript through tsx and this would measure the development fallback.
 */
export function bundleProblem(): string | null {
  const list = path.join(ROOT, 'out/cli/sources.json');
  let builtAt: number;
  let sources: string[];
  try {
    builtAt = statSync(list).mtimeMs;
    sources = JSON.parse(readFileSync(list, 'utf8')) as string[];
  } catch {
    return 'out/cli is not built';
  }
  const newer = sources.find((f) => {
    try {
      return statSync(path.join(ROOT, f)).mtimeMs > builtAt;
    } catch {
      return false;
    }
  });
  return newer ? `out/cli is older than ${newer}` : null;
}

/** Builds out/cli when it is missing or older than its sources (about a second). */
export function ensureBundle(): void {
  if (!bundleProblem()) return;
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '-c', 'cli.vite.config.ts'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`building out/cli failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}`);
  const still = bundleProblem();
  if (still) throw new Error(still);
}

export interface StartResult {
  /** Median wall-clock milliseconds from spawn to exit. */
  ms: number;
  /** Median peak RSS in bytes. */
  rss: number;
  runs: number;
}

/** Wall-clock milliseconds from spawn to exit of `node ARGS`. */
function timeOnce(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore', timeout: 30_000 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  return ms;
}

/** Peak RSS in bytes of `node ARGS`, in a run of its own (the report it preloads is not timed). */
function rssOnce(args: string[]): number {
  const r = spawnSync(process.execPath, ['-r', REPORT_MAX_RSS, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe', 'pipe'], timeout: 30_000 });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status ?? r.signal}: ${String(r.stderr).trim().slice(0, 300)}`);
  const kib = Number(String(r.output[3] ?? ''));
  if (!(kib > 0)) throw new Error(`node ${args.join(' ')} reported no peak RSS`);
  return kib * 1024;
}

const HELP = [BIN, '--help'];
const NODE = ['-e', '0'];

/** `porthole --help` and `node -e 0`, alternating, `runs` times each for time and again for memory (after one untimed run of each). */
export function startup(runs: number): { porthole: StartResult; node: StartResult } {
  timeOnce(HELP);
  timeOnce(NODE);
  const ms = { porthole: [] as number[], node: [] as number[] };
  const rss = { porthole: [] as number[], node: [] as number[] };
  for (let i = 0; i < runs; i++) {
    ms.porthole.push(timeOnce(HELP));
    ms.node.push(timeOnce(NODE));
  }
  for (let i = 0; i < runs; i++) {
    rss.porthole.push(rssOnce(HELP));
    rss.node.push(rssOnce(NODE));
  }
  const summary = (who: 'porthole' | 'node'): StartResult => ({ ms: percentile(ms[who], 50), rss: percentile(rss[who], 50), runs });
  return { porthole: summary('porthole'), node: summary('node') };
}

/** Seconds `cmd args` takes from spawn to exit, its output thrown away; throws on failure. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = track(spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] }));
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve((performance.now() - t0) / 1000);
      else reject(new Error(`${path.basename(cmd)} exited with ${code ?? signal}: ${stderr.trim().split('\n').slice(-2).join(' ')}`));
    });
  });
}

/** `python3 -u print-lines.py N | cat`: the pipe a terminal user would compare with. */
export function pythonIntoCat(lines: number): Promise<number> {
  return timed('sh', ['-c', `python3 -u "$0" ${lines} | cat`, PRINT_LINES]);
}

export interface RunResult {
  /** Seconds from spawning `porthole run` until it exited. */
  seconds: number;
  /** Lines the core had received when it exited (all of them, or the run failed). */
  lines: number;
}

/** `porthole run -- python3 -u print-lines.py N` into Porthole's core (a process of its own). */
export async function portholeRun(lines: number): Promise<RunResult> {
  const core = await startCoreHost();
  try {
    // Profiles of `porthole run` itself go beside the core's (PORTHOLE_BENCH_PROF, see core-client.ts).
    const prof = process.env.PORTHOLE_BENCH_PROF;
    const args = [...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []), BIN, 'run', '--host', '127.0.0.1', '--port', String(core.port), '--name', 'bench', '--', 'python3', '-u', PRINT_LINES, String(lines)];
    const seconds = await timed(process.execPath, args);
    const got = await core.waitLines(1, lines, 60_000);
    return { seconds, lines: got.total };
  } finally {
    await core.close();
  }
}
