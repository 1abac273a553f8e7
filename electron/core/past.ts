/** Past sessions: the transcripts under <dataDir>/sessions, listed and reopened read-only. */
import fs from 'node:fs';
import path from 'node:path';
import type { PastSessionInfo } from '../../shared/types.ts';


export interface StoredMeta extends PastSessionInfo {
  encoding?: string;
  origin?: string;
  pid?: number;
  /** The program's own name (the session may have been renamed). */
  program?: string;
  command?: string;
  exit?: { code: number | null; signal: string | null };
  pty?: boolean;
  cwd?: string;
  local?: string;
  peerCwd?: string;
  /** A program Porthole started (Run…): what Run again starts. */
  launch?: { argv: string[]; cwd: string; pty: boolean; encoding?: string };
}

/** A stored launch record, if it is one (meta.json is read back from disk, so it is checked). */
export function storedLaunch(v: unknown): StoredMeta['launch'] {
  const l = v as Partial<NonNullable<StoredMeta['launch']>> | null;
  if (typeof l !== 'object' || l === null) return undefined;
  if (!Array.isArray(l.argv) || l.argv.length === 0 || !l.argv.every((a) => typeof a === 'string')) return undefined;
  if (typeof l.cwd !== 'string' || typeof l.pty !== 'boolean' || (l.encoding !== undefined && typeof l.encoding !== 'string')) return undefined;
  return { argv: l.argv, cwd: l.cwd, pty: l.pty, ...(l.encoding ? { encoding: l.encoding } : {}) };
}

export function sessionsDir(dataDir: string): string {
  return path.join(dataDir, 'sessions');
}

const KEY = /^[\w.-]+$/;

export function isValidKey(key: string): boolean {
  return KEY.test(key) && key !== '.' && key !== '..';
}

/** The time of the log's first record (read from its first line only: a log can be larger than any string). */
function firstLogTime(file: string): number | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const buf = Buffer.alloc(4096);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const m = /^\{"t":(\d+)/.exec(buf.toString('utf8', 0, n));
    return m ? Number(m[1]) : null;
  } finally {
    fs.closeSync(fd);
  }
}

function mtime(file: string): number | undefined {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * A session's summary: meta.json, with what a crash may have left stale (byte counts,
 * end time) taken from the files themselves; rebuilt from the log when meta.json is missing.
 */
export function readMeta(dir: string, key: string): StoredMeta | null {
  const log = path.join(dir, 'log.jsonl');
  let m: StoredMeta | null = null;
  try {
    m = { ...(JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as StoredMeta), key };
  } catch {
    const t = firstLogTime(log);
    if (t === null) return null;
    m = { key, name: key, peer: 'unknown', startedAt: t, bytesIn: 0, bytesOut: 0 };
  }
  m.bytesIn = fileSize(dir, 'out.bin') + fileSize(dir, 'err.bin');
  m.bytesOut = fileSize(dir, 'sent.bin');
  if (m.endedAt === undefined) m.endedAt = mtime(log);
  return m;
}

function fileSize(dir: string, name: string): number {
  try {
    return fs.statSync(path.join(dir, name)).size;
  } catch {
    return 0;
  }
}

export function listPast(dataDir: string, exclude: Set<string>, limit = 1000): PastSessionInfo[] {
  const root = sessionsDir(dataDir);
  let keys: string[];
  try {
    keys = fs.readdirSync(root);
  } catch {
    return [];
  }
  const out: PastSessionInfo[] = [];
  for (const key of keys) {
    if (exclude.has(key) || !isValidKey(key)) continue;
    const dir = path.join(root, key);
    const m = readMeta(dir, key);
    if (m) out.push({ key, name: m.name, peer: m.peer, startedAt: m.startedAt, endedAt: m.endedAt, bytesIn: m.bytesIn, bytesOut: m.bytesOut });
  }
  out.sort((a, b) => b.startedAt - a.startedAt);
  return out.slice(0, limit);
}
