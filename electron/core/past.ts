/** Past sessions: the transcripts under <dataDir>/sessions, listed and reopened read-only. */
import fs from 'node:fs';
import path from 'node:path';
import type { PastSessionInfo } from '../../shared/types.ts';
import { readLog } from './transcript-log.ts';

export interface StoredMeta extends PastSessionInfo {
  encoding?: string;
  origin?: string;
  pid?: number;
  command?: string;
  exit?: { code: number | null; signal: string | null };
}

export function sessionsDir(dataDir: string): string {
  return path.join(dataDir, 'sessions');
}

const KEY = /^[\w.-]+$/;

export function isValidKey(key: string): boolean {
  return KEY.test(key) && key !== '.' && key !== '..';
}

/** Reads meta.json, or rebuilds what it can from the log when a crash left none. */
export function readMeta(dir: string, key: string): StoredMeta | null {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as StoredMeta;
    return { ...m, key };
  } catch {
    const log = readLog(path.join(dir, 'log.jsonl'));
    if (!log.length) return null;
    return { key, name: key, peer: 'unknown', startedAt: log[0].t, endedAt: log[log.length - 1].t, bytesIn: 0, bytesOut: 0 };
  }
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
    // Byte counts come from the stream files: meta.json is rewritten only at milestones,
    // so after a crash it still says what was known at the start.
    if (m) out.push({ key, name: m.name, peer: m.peer, startedAt: m.startedAt, endedAt: m.endedAt, bytesIn: fileSize(dir, 'out.bin') + fileSize(dir, 'err.bin'), bytesOut: fileSize(dir, 'sent.bin') });
  }
  out.sort((a, b) => b.startedAt - a.startedAt);
  return out.slice(0, limit);
}
