/** `porthole sessions`: the sessions in the data folder (live and past), newest first. */
import fs from 'node:fs';
import path from 'node:path';
import { defaultDataDir } from '../core/data-dir.ts';
import { UsageError } from '../core/options.ts';
import { isValidKey, readMeta, sessionsDir, type StoredMeta } from '../core/past.ts';
import { RowStore } from '../core/row-store.ts';
import { codecFor, isKnownEncoding } from '../core/encoding.ts';

export const SESSIONS_HELP = `usage: porthole sessions [--data-dir D] [--json]

Lists the sessions recorded in the data folder, live and past, newest first: key,
name, state, rows, start and end. Works while Porthole runs. A session is named in
other commands (export) by its key, a unique start of its key, or its name.

  --data-dir D   the data folder (default $PORTHOLE_DATA_DIR, else the OS's app-data folder)
  --json         one JSON array instead of a table
`;

export interface SessionEntry {
  key: string;
  name: string;
  state: 'live' | 'ended';
  rows: number | null;
  startedAt: string;
  endedAt: string | null;
  command?: string;
  exit?: number | string;
  dir: string;
}

/** Rows are counted by reading the transcript; beyond this many bytes the count is left out. */
const COUNT_ROWS_BYTES = 16 * 1024 * 1024;

export function parseDataDirArgs(argv: string[], bools: string[], values: string[] = []): { dataDir: string; flags: Set<string>; values: Map<string, string>; rest: string[] } {
  let dataDir: string | undefined;
  const flags = new Set<string>();
  const vals = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const key = a.startsWith('--') ? a.slice(2, eq < 0 ? undefined : eq) : null;
    if (a === '-h') flags.add('help');
    else if (key === 'data-dir' || (key !== null && values.includes(key)) || a === '-o') {
      const v = eq < 0 ? argv[++i] : a.slice(eq + 1);
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      if (key === 'data-dir') dataDir = v;
      else vals.set(a === '-o' ? 'o' : key!, v);
    } else if (key !== null && (bools.includes(key) || key === 'help') && eq < 0) flags.add(key);
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown flag '${a}'`);
    else rest.push(a);
  }
  return { dataDir: path.resolve(dataDir ?? defaultDataDir()), flags, values: vals, rest };
}

function countRows(dir: string, m: StoredMeta): number | null {
  if (m.bytesIn + m.bytesOut > COUNT_ROWS_BYTES) return null;
  const store = new RowStore({ dir, startedAt: m.startedAt, codec: codecFor(m.encoding && isKnownEncoding(m.encoding) ? m.encoding : 'utf-8'), maxLineBytes: 64 * 1024, readOnly: true });
  try {
    store.replaySync(path.join(dir, 'log.jsonl'));
    return store.count;
  } catch {
    return null;
  } finally {
    store.close();
  }
}

export function listSessions(dataDir: string): SessionEntry[] {
  const root = sessionsDir(dataDir);
  let keys: string[];
  try {
    keys = fs.readdirSync(root);
  } catch (err) {
    throw new UsageError(`no sessions in ${dataDir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); --data-dir names another folder`);
  }
  const out: SessionEntry[] = [];
  for (const key of keys) {
    if (!isValidKey(key)) continue;
    const dir = path.join(root, key);
    let raw: Partial<StoredMeta> = {};
    try {
      raw = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as StoredMeta;
    } catch {
      // Rebuilt from the log below.
    }
    const m = readMeta(dir, key);
    if (!m) continue;
    const live = raw.startedAt !== undefined && raw.endedAt === undefined;
    out.push({
      key,
      name: m.name,
      state: live ? 'live' : 'ended',
      rows: countRows(dir, m),
      startedAt: new Date(m.startedAt).toISOString(),
      endedAt: live || m.endedAt === undefined ? null : new Date(m.endedAt).toISOString(),
      ...(m.command ? { command: m.command } : {}),
      ...(m.exit ? { exit: m.exit.code ?? m.exit.signal ?? 'unknown' } : {}),
      dir,
    });
  }
  return out.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
}

/** A session named by key, unique key prefix or name. */
export function findSession(dataDir: string, what: string): SessionEntry {
  const all = listSessions(dataDir);
  const exact = all.find((s) => s.key === what);
  if (exact) return exact;
  const byPrefix = all.filter((s) => s.key.startsWith(what));
  if (byPrefix.length === 1) return byPrefix[0];
  const byName = all.filter((s) => s.name === what);
  if (byName.length === 1) return byName[0];
  const many = byPrefix.length > 1 ? byPrefix : byName;
  if (many.length > 1) throw new UsageError(`'${what}' names ${many.length} sessions (${many.slice(0, 5).map((s) => s.key).join(', ')}${many.length > 5 ? ', …' : ''}); give more of the key`);
  throw new UsageError(`no session '${what}' in ${dataDir} (porthole sessions lists them)`);
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export async function main(argv: string[]): Promise<number> {
  const args = parseDataDirArgs(argv, ['json']);
  if (args.flags.has('help')) {
    process.stdout.write(SESSIONS_HELP);
    return 0;
  }
  if (args.rest.length) throw new UsageError(`unexpected '${args.rest[0]}'`);
  const list = listSessions(args.dataDir);
  if (args.flags.has('json')) {
    process.stdout.write(JSON.stringify(list.map(({ dir: _dir, ...s }) => s), null, 1) + '\n');
    return 0;
  }
  const table = [['KEY', 'NAME', 'STATE', 'ROWS', 'STARTED', 'ENDED']];
  for (const s of list) {
    const state = s.state === 'ended' && s.exit !== undefined ? `ended (exit ${s.exit})` : s.state;
    table.push([s.key, s.name.replace(/[\p{Cc}]/gu, '?'), state, s.rows === null ? '-' : String(s.rows), s.startedAt.replace('T', ' ').slice(0, 19), s.endedAt ? s.endedAt.replace('T', ' ').slice(0, 19) : '-']);
  }
  const widths = table[0].map((_, c) => Math.min(40, Math.max(...table.map((r) => r[c].length))));
  process.stdout.write(table.map((r) => r.map((x, c) => (c === r.length - 1 ? x : pad(x, widths[c]))).join('  ')).join('\n') + '\n');
  return 0;
}
