/** Command-line flags shared by `porthole listen`, `porthole serve` and the Electron app. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_HOST, DEFAULT_PORT } from '../../shared/limits.ts';
import { parseRespondRule, RuleSyntaxError, type RespondSpec } from '../../shared/respond.ts';
import type { ConnectSpec, ListenerSpec } from '../../shared/types.ts';
import { defaultDataDir } from './data-dir.ts';
import { isKnownEncoding } from './encoding.ts';
import { unixPathProblem } from './listener.ts';
import { DEFAULT_RETENTION } from './retention.ts';

export class UsageError extends Error {}

export interface CommonOptions {
  listeners: ListenerSpec[];
  connects: ConnectSpec[];
  dataDir: string;
  encoding: string;
  allow: string[];
  /** Replies queued for a script that is not reading are refused beyond this (bytes). */
  maxQueuedBytes?: number;
  /** Past sessions kept (the newest). */
  retention?: { maxSessions: number; maxBytes: number };
  /** Auto-response rules (`--respond`), for every session. */
  respond: RespondSpec[];
}

type Options = NonNullable<ParseArgsConfig['options']>;

export const COMMON_FLAGS: Options = {
  host: { type: 'string' },
  port: { type: 'string' },
  unix: { type: 'string', multiple: true },
  connect: { type: 'string', multiple: true },
  encoding: { type: 'string' },
  'data-dir': { type: 'string' },
  allow: { type: 'string', multiple: true },
  'max-queue': { type: 'string' },
  'keep-sessions': { type: 'string' },
  'keep-size': { type: 'string' },
  respond: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
};

export const COMMON_HELP = `  --host H            address to listen on (default ${DEFAULT_HOST}: 127.0.0.1 and ::1)
  --port P            TCP port (default ${DEFAULT_PORT}; 0 picks a free one)
  --unix PATH         listen on a Unix domain socket (repeatable)
  --connect HOST:PORT connect out to a script that listens, retrying until it is up (repeatable)
  --encoding E        encoding of new sessions (default utf-8; latin1, windows-1252, …)
  --data-dir D        where transcripts are kept (default: $PORTHOLE_DATA_DIR, else the app-data folder)
  --allow ADDR        accept connections only from this peer address (repeatable)
  --max-queue SIZE    replies waiting for a script that is not reading, at most (default 16M; K, M, G)
  --keep-sessions N   past sessions kept, the newest (default 5000; checked at start and hourly)
  --keep-size SIZE    past sessions kept up to this size in all (default 20G)
  --respond RULE      answer output automatically (repeatable): 'PATTERN=>REPLY' sends REPLY
                      and a newline when a row contains PATTERN; '/REGEX/i=>REPLY' for a
                      regex; options first: '{once,delay=MS,ending=crlf,limit=N,program=NAME}'
                      (limit=N: at most N firings a second; without it, a rule stops
                      after five seconds at over 50 a second, or on its own echo)
`;

export function parsePort(text: string, what = 'port'): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535) {
    throw new UsageError(`${what} must be a number from 0 to 65535, not '${text}'`);
  }
  return Number(text);
}

/** "16M", "512K", "1048576" → bytes. */
export function parseSize(text: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?$/i.exec(text.trim());
  if (!m) throw new UsageError(`${what} must be a size such as 16M, 512K or 1048576, not '${text}'`);
  const unit = (m[2] ?? '').toLowerCase()[0];
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  const bytes = Math.floor(Number(m[1]) * mult);
  if (bytes < 1) throw new UsageError(`${what} must be at least 1 byte`);
  return bytes;
}

function parseCount(text: string, what: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${what} must be a whole number, not '${text}'`);
  return Number(text);
}

export function parseHostPort(text: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(text) ?? /^()()(\d+)$/.exec(text);
  if (!m) throw new UsageError(`--connect wants HOST:PORT (for example localhost:50008), not '${text}'`);
  const host = m[1] || m[2] || DEFAULT_HOST;
  return { host, port: parsePort(m[3], `port in '${text}'`) };
}

/**
 * Parses argv with the common flags plus `extra`. Throws UsageError with a
 * message meant for the person on a bad flag or value.
 */
export function parseCommonArgs(argv: string[], extra: Options = {}, env = process.env) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...COMMON_FLAGS, ...extra }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
  const v = parsed.values as Record<string, string | string[] | boolean | undefined>;
  const connects: ConnectSpec[] = ((v.connect as string[] | undefined) ?? []).map((c) => parseHostPort(c));
  const listeners: ListenerSpec[] = [];
  const unix = (v.unix as string[] | undefined) ?? [];
  const wantsTcp = v.host !== undefined || v.port !== undefined || (unix.length === 0 && connects.length === 0);
  if (wantsTcp) {
    listeners.push({
      host: (v.host as string | undefined) ?? DEFAULT_HOST,
      port: v.port !== undefined ? parsePort(v.port as string) : DEFAULT_PORT,
    });
  }
  for (const path of unix) {
    const problem = unixPathProblem(path);
    if (problem) throw new UsageError(problem);
    listeners.push({ path });
  }
  const encoding = (v.encoding as string | undefined) ?? 'utf-8';
  if (!isKnownEncoding(encoding)) throw new UsageError(`unknown encoding '${encoding}' (try utf-8, latin1, windows-1252)`);
  const respond = ((v.respond as string[] | undefined) ?? []).map((r) => {
    try {
      return parseRespondRule(r);
    } catch (err) {
      if (err instanceof RuleSyntaxError) throw new UsageError(`--respond: ${err.message}`);
      throw err;
    }
  });
  const common: CommonOptions = {
    respond,
    listeners,
    connects,
    encoding,
    dataDir: (v['data-dir'] as string | undefined) ?? defaultDataDir(env),
    allow: (v.allow as string[] | undefined) ?? [],
    maxQueuedBytes: v['max-queue'] !== undefined ? parseSize(v['max-queue'] as string, '--max-queue') : undefined,
    retention: v['keep-sessions'] !== undefined || v['keep-size'] !== undefined ? {
      maxSessions: v['keep-sessions'] !== undefined ? parseCount(v['keep-sessions'] as string, '--keep-sessions') : DEFAULT_RETENTION.maxSessions,
      maxBytes: v['keep-size'] !== undefined ? parseSize(v['keep-size'] as string, '--keep-size') : DEFAULT_RETENTION.maxBytes,
    } : undefined,
  };
  return { common, values: v, positionals: parsed.positionals, help: v.help === true };
}
