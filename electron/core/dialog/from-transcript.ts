/**
 * "Save as test": a session's transcript as a proposed dialog. Each reply closes a step
 * whose expectation is the program's output since the previous reply; volatile parts
 * (times, pids, addresses, long numbers) are proposed as masks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DIALOG_VERSION, type Dialog, type DialogStep } from '../../../shared/dialog.ts';
import { proposeLine, type MaskHints } from '../../../shared/dialog-match.ts';
import type { Row } from '../../../shared/types.ts';
import { codecFor, isKnownEncoding } from '../encoding.ts';
import type { StoredMeta } from '../past.ts';
import { RowStore } from '../row-store.ts';
import { splitCommand } from './split-command.ts';

const PAGE = 2_000;
/** A dialog is for review: a session larger than this is not turned into one. */
export const MAX_DIALOG_ROWS = 20_000;

export interface ProposeOptions {
  /** Working directory to record (relative paths are kept as given). */
  cwd?: string;
  /** Propose masks (default true). */
  masks?: boolean;
}

export class ProposeError extends Error {}

/** The proposal from rows already read (the window's session, or a transcript on disk). */
export function dialogFromRows(rows: Iterable<Row>, meta: Partial<StoredMeta> & { origin?: string; pty?: boolean; cwd?: string; local?: string; peerCwd?: string }, opts: ProposeOptions = {}): Dialog {
  const hints: MaskHints = meta.pid ? { pid: meta.pid } : {};
  const propose = (t: string) => (opts.masks === false ? t : proposeLine(t, hints));
  const steps: DialogStep[] = [];
  let lines: string[] = [];
  let lastKind: Row['kind'] | null = null;
  let sentEof = false;
  for (const r of rows) {
    if (r.kind === 'out') {
      // A row continuing a long line is part of the same line.
      if (r.cont && lastKind === 'out' && lines.length) lines[lines.length - 1] += r.text;
      else lines.push(r.text);
    } else if (r.kind === 'sent' || (r.kind as string) === 'auto') {
      // A reply an auto-response rule sent is a reply like any other: replay sends it too.
      if (r.cont && lastKind === r.kind && steps.length && steps[steps.length - 1].send !== undefined) {
        steps[steps.length - 1].send += r.text;
      } else {
        steps.push({ expect: lines.map(propose), send: r.text, ...(r.open ? { ending: 'none' as const } : {}) });
        lines = [];
      }
    } else if (r.kind === 'note' && /^you sent EOF/.test(r.text) && !sentEof) {
      sentEof = true;
      steps.push({ expect: lines.map(propose), eof: true });
      lines = [];
    }
    if (r.kind !== 'err') lastKind = r.kind;
  }
  steps.push({ expect: lines.map(propose) });
  const d: Dialog = { 'porthole-dialog': DIALOG_VERSION, steps };
  if (meta.name) d.name = meta.name;
  if (meta.origin === 'connected' && meta.peer) {
    d.connect = meta.peer;
    d.end = { eof: true };
    return d;
  }
  const command = meta.command ? splitCommand(meta.command) : null;
  if (!command?.length) throw new ProposeError(`session ${meta.name ?? meta.key ?? ''} has no recorded command to run: dialogs are saved from sessions started by \`porthole run\` or connected out to a program that listens`);
  d.program = { command };
  // A script that connected by itself (a classic socket script, or one using the Python
  // module) rather than through `porthole run`: replay listens where it connected.
  const listen = meta.origin === 'accepted' && meta.local && !meta.cwd ? meta.local : undefined;
  const cwd = opts.cwd ?? meta.cwd ?? (listen ? meta.peerCwd : undefined);
  if (cwd) d.program.cwd = cwd;
  if (meta.encoding && meta.encoding !== 'utf-8') d.program.encoding = meta.encoding;
  if (meta.pty) d.program.pty = true;
  if (listen) d.program.listen = listen;
  d.end = { eof: true, ...(meta.exit && meta.exit.code !== null ? { exit: meta.exit.code } : {}) };
  return d;
}

export function readStoredMeta(dir: string, key: string): StoredMeta & { pty?: boolean; cwd?: string } {
  try {
    return { ...(JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as StoredMeta), key };
  } catch (err) {
    throw new ProposeError(`session ${key}: its meta.json cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/** The rows of a transcript on disk, read-only (works while Porthole still writes it). */
export function* transcriptRows(dir: string, encoding: string | undefined): Generator<Row> {
  const codec = codecFor(encoding && isKnownEncoding(encoding) ? encoding : 'utf-8');
  const store = new RowStore({ dir, startedAt: 0, codec, maxLineBytes: 64 * 1024, readOnly: true });
  try {
    store.replaySync(path.join(dir, 'log.jsonl'));
    if (store.count > MAX_DIALOG_ROWS) throw new ProposeError(`the session has ${store.count} rows; a dialog is made from at most ${MAX_DIALOG_ROWS}`);
    for (let from = 0; from < store.count; from += PAGE) yield* store.rows(from, Math.min(store.count, from + PAGE));
  } finally {
    store.close();
  }
}

export function dialogFromTranscript(dir: string, key: string, opts: ProposeOptions = {}): Dialog {
  const meta = readStoredMeta(dir, key);
  return dialogFromRows(transcriptRows(dir, meta.encoding), meta, opts);
}
