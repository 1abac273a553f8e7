/**
 * Session churn: thousands of short scripts one after another (connect, print two
 * lines, exit) into `porthole listen` and into `ncat -lk` / `socat … fork`. Porthole
 * must take them all without its descriptors or memory growing with the number of
 * scripts that have come and gone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { processRss } from '../lib/app.ts';
import { ChurnCounter, openFds, type LineServer } from '../lib/line-servers.ts';
import { HERE, spawnJson } from '../lib/proc.ts';
import { epochMs } from '../lib/stats.ts';

export interface ChurnResult {
  sessions: number;
  linesPerSession: number;
  /** From "go" to the last line in the listener's output. */
  ms: number;
  /** Scripts whose every line the listener printed exactly once. */
  complete: number;
  /** Scripts that could not connect or send. */
  errors: number;
  firstError: string;
  /** For `porthole listen`: scripts whose lines are all in their session's transcript file, and how many transcripts there are. */
  transcriptsComplete: number | null;
  transcripts: number | null;
  /** SYNs the kernel dropped for full accept queues during the run (machine-wide: TcpExt ListenDrops). */
  listenDrops: number;
  /** Descriptors and resident memory of the listener's process: idle before any script, after the warm-up scripts, after all. */
  fdsBefore: number;
  fdsAfter: number;
  rssBefore: number;
  rssWarm: number;
  rssAfter: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the process's descriptor count has not moved for `quietMs` (closing the idlest connections may trail the last script). */
async function settledFds(pid: number, quietMs = 500, maxMs = 5_000): Promise<number> {
  const end = Date.now() + maxMs;
  let last = openFds(pid);
  let since = Date.now();
  while (Date.now() < end && Date.now() - since < quietMs) {
    await sleep(50);
    const n = openFds(pid);
    if (n !== last) {
      last = n;
      since = Date.now();
    }
  }
  return last;
}

export async function churn(server: LineServer, sessions: number, lines: number, warmup: number): Promise<ChurnResult> {
  const tag = `churn-${Math.random().toString(36).slice(2, 8)}`;
  const counter = new ChurnCounter(server.stdout, tag, sessions, lines);
  // Output nobody counts is still read, so the listener never blocks on a full pipe.
  server.stdout.resume();
  await sleep(300);
  const fdsBefore = await settledFds(server.pid);
  const rssBefore = processRss(server.pid);
  const load = spawnJson(process.execPath, [path.join(HERE, 'churn-clients.js'), '--port', String(server.port), '--sessions', String(sessions), '--lines', String(lines), '--tag', tag, '--warmup', String(warmup)]);
  try {
    await load.next('ready', 15_000);
    if (warmup > 0) {
      const w = await load.next('warm', 120_000);
      if (Number(w.errors) === warmup) throw new Error(`no warm-up script could connect: ${String(w.firstError)}`);
      await settledFds(server.pid);
    }
    const rssWarm = processRss(server.pid);
    const drops0 = listenDrops();
    const t0 = epochMs();
    load.send('go');
    const done = await load.next('done', 30 * 60_000);
    await counter.waitAll(30 * 60_000);
    const ms = (counter.lastAt || epochMs()) - t0;
    const drops = listenDrops() - drops0;
    const fdsAfter = await settledFds(server.pid);
    const rssAfter = processRss(server.pid);
    const t = server.dataDir ? transcriptsComplete(server.dataDir, new RegExp(`^${tag} (\\d+) (\\d+)$`), sessions, lines) : null;
    return {
      sessions,
      linesPerSession: lines,
      ms,
      complete: counter.complete(),
      errors: Number(done.errors),
      firstError: String(done.firstError ?? ''),
      listenDrops: drops,
      transcriptsComplete: t?.complete ?? null,
      transcripts: t?.transcripts ?? null,
      fdsBefore,
      fdsAfter,
      rssBefore,
      rssWarm,
      rssAfter,
    };
  } finally {
    load.kill();
  }
}

/**
 * Connections the kernel refused because a listener's accept queue was full (Linux,
 * all listeners of the machine; NaN elsewhere). A listener that accepts too slowly,
 * or with a short backlog, makes scripts wait a second for the retried SYN.
 */
export function listenDrops(): number {
  try {
    const [names, values] = readFileSync('/proc/net/netstat', 'utf8').split('\n').filter((l) => l.startsWith('TcpExt:')).map((l) => l.split(/\s+/));
    const i = names.indexOf('ListenDrops');
    return i > 0 ? Number(values[i]) : NaN;
  } catch {
    return NaN;
  }
}

/** Scripts whose every line is in their session's transcript (out.bin) under `dataDir`, each exactly once. */
export function transcriptsComplete(dataDir: string, re: RegExp, sessions: number, lines: number): { complete: number; transcripts: number } {
  const per = new Uint16Array(sessions);
  let transcripts = 0;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'out.bin') {
        transcripts++;
        for (const line of readFileSync(p, 'latin1').split('\n')) {
          const m = re.exec(line);
          if (m && Number(m[1]) < sessions && Number(m[2]) < lines) per[Number(m[1])]++;
        }
      }
    }
  };
  walk(path.join(dataDir, 'sessions'));
  let complete = 0;
  for (const c of per) if (c === lines) complete++;
  return { complete, transcripts };
}
