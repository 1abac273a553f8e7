/** Memory of the core holding a long session, and full-count search over it. */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { startCoreHost } from '../lib/core-client.ts';
import { LINE_BYTES, startFlood, uniqueMarker } from '../lib/proc.ts';
import type { SessionInfo } from '../../../shared/types.ts';

export interface MemoryResult {
  lines: number;
  /** RSS growth per line, bytes. */
  rssPerLine: number;
  /** Growth of JS heap + external buffers after a full GC, per line, bytes. */
  retainedPerLine: number;
  rss: number;
  literal: SearchOutcome;
  regex: SearchOutcome;
  /** The same searches by grep over the transcript file: the baseline. */
  grepLiteralMs: number | null;
  grepRegexMs: number | null;
}

/** A search's full-count time, or why it could not run (the memory figures stand without it). */
export interface SearchOutcome {
  ms: number;
  matches: number;
  error?: string;
}

function largestFile(dir: string): string | null {
  let best: { file: string; size: number } | null = null;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const size = statSync(p).size;
        if (!best || size > best.size) best = { file: p, size };
      }
    }
  };
  if (dir) walk(dir);
  return (best as { file: string } | null)?.file ?? null;
}

function grepCount(args: string[]): { ms: number; count: number } | null {
  const t0 = performance.now();
  const r = spawnSync('grep', args, { encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) return null;
  return { ms: performance.now() - t0, count: Number(r.stdout.trim()) };
}

export async function memoryAndSearch(lines: number): Promise<MemoryResult> {
  const core = await startCoreHost();
  try {
    const before = await core.stats();
    const marker = uniqueMarker('big');
    const flood = await startFlood({ port: core.port, lines, marker, wait: true });
    flood.start();
    await core.waitLines(1, lines);
    await flood.done();
    const after = await core.stats();
    const session = (await core.invoke<SessionInfo[]>('session:list', null)).find((s) => s.linesIn >= lines);
    if (!session) throw new Error('no session holds the flood');
    // Rare matches, so the time is the full scan rather than the reporting of matches.
    const failed = (e: unknown) => ({ ms: NaN, matches: NaN, error: e instanceof Error ? e.message : String(e) });
    const literal: SearchOutcome = await core.search(session.id, marker, false).catch(failed);
    const regex: SearchOutcome = await core.search(session.id, 'END-big-[0-9a-z]+', true).catch(failed);
    const transcript = largestFile(core.dataDir);
    const grepLiteral = transcript ? grepCount(['-cF', marker, transcript]) : null;
    const grepRegex = transcript ? grepCount(['-cE', 'END-big-[0-9a-z]+', transcript]) : null;
    // The line index lives in SharedArrayBuffers, which process.memoryUsage() does not count.
    const retained = (m: typeof before) => m.heapUsed + m.external + m.indexBytes;
    return {
      lines,
      rssPerLine: (after.rss - before.rss) / lines,
      retainedPerLine: (retained(after) - retained(before)) / lines,
      rss: after.rss,
      literal,
      regex,
      grepLiteralMs: grepLiteral?.ms ?? null,
      grepRegexMs: grepRegex?.ms ?? null,
    };
  } finally {
    await core.close();
  }
}

export const TEXT_BYTES_PER_LINE = LINE_BYTES;
