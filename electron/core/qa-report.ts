/**
 * The QA report of a session, in Markdown: what ran (program, command, peer, times, exit),
 * the dialog's steps (each reply sent, typed or automatic, with the output just before
 * it), and the bookmarked rows with their notes and three rows of context either side.
 * Read in pages, so a session of any size makes a bounded report.
 */
import type { Writable } from 'node:stream';
import { plainText } from '../../shared/display.ts';
import type { Bookmark } from '../../shared/respond.ts';
import type { ExitStatus, Row } from '../../shared/types.ts';
import { write } from './export.ts';
import type { RowStore } from './row-store.ts';

export interface ReportSubject {
  name: string;
  program?: string;
  command?: string;
  peer: string;
  startedAt: number;
  endedAt?: number;
  exit?: ExitStatus;
}

const PAGE = 5_000;
/** Output rows shown before each step, and steps listed at most. */
const BEFORE_STEP = 6;
const MAX_STEPS = 1_000;
const CONTEXT = 3;
/** A row's text is cut to this many characters in a report. */
const MAX_ROW_CHARS = 500;

function stamp(t: number): string {
  return new Date(t).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

function rowText(r: Row): string {
  const t = plainText(r.text, true);
  return t.length > MAX_ROW_CHARS ? `${t.slice(0, MAX_ROW_CHARS)}… (${t.length} characters)` : t;
}

const LINE_MARK: Record<Row['kind'], string> = { out: '  ', err: '! ', sent: '> ', note: '-- ', auto: '>> ' };

/** Rows as a fenced block whose fence no row can close. */
function block(lines: string[]): string {
  let fence = '```';
  for (const l of lines) while (l.includes(fence)) fence += '`';
  return `${fence}text\n${lines.join('\n')}\n${fence}\n`;
}

function inline(text: string): string {
  const t = plainText(text, true).replace(/\s+/g, ' ');
  let tick = '`';
  while (t.includes(tick)) tick += '`';
  return `${tick}${t.startsWith('`') || t.endsWith('`') ? ` ${t} ` : t}${tick}`;
}

function mdText(text: string): string {
  return plainText(text, true).replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`);
}

export function reportFileName(id: number, name: string): string {
  return `porthole-${id}-${name.replace(/[^\w.-]+/g, '_').slice(0, 60)}-qa-report.md`;
}

/** Writes the report to `out` (does not end it). */
export async function writeQaReport(store: RowStore, subject: ReportSubject, bookmarks: readonly Bookmark[], out: Writable): Promise<void> {
  const parts: string[] = [];
  parts.push(`# QA report: ${mdText(subject.name)}\n\n`);
  const facts: [string, string][] = [];
  if (subject.program && subject.program !== subject.name) facts.push(['Program', inline(subject.program)]);
  if (subject.command) facts.push(['Command', inline(subject.command)]);
  facts.push(['Peer', inline(subject.peer)]);
  facts.push(['Started', stamp(subject.startedAt)]);
  if (subject.endedAt) facts.push(['Ended', stamp(subject.endedAt)]);
  if (subject.exit) facts.push(['Exit', subject.exit.signal ? `stopped by ${subject.exit.signal}` : `status ${subject.exit.code ?? 'unknown'}`]);
  facts.push(['Rows', String(store.count)]);
  facts.push(['Bookmarks', String(bookmarks.length)]);
  for (const [k, v] of facts) parts.push(`- **${k}:** ${v}\n`);
  await write(out, parts.join(''));

  // Steps: every reply with the output rows just before it.
  await write(out, '\n## Steps\n\n');
  let before: Row[] = [];
  let steps = 0;
  let more = 0;
  const count = store.count;
  for (let from = 0; from < count; from += PAGE) {
    const rows = store.rows(from, Math.min(count, from + PAGE));
    const chunk: string[] = [];
    for (const r of rows) {
      if (r.kind === 'sent' || r.kind === 'auto') {
        if (steps >= MAX_STEPS) {
          more++;
          continue;
        }
        steps++;
        const who = r.kind === 'auto' ? 'automatic reply' : 'sent';
        chunk.push(`${steps}. ${who} ${inline(r.text)}${r.undelivered ? ' (not delivered: the script had exited)' : ''} at ${stamp(r.time)}\n`);
        if (before.length) chunk.push('\n' + block(before.map((b) => LINE_MARK[b.kind] + rowText(b))).replace(/^/gm, '   ') + '\n');
        before = [];
      } else if (r.kind !== 'note') {
        before.push(r);
        if (before.length > BEFORE_STEP) before.shift();
      }
    }
    if (chunk.length) await write(out, chunk.join(''));
  }
  if (steps === 0) await write(out, 'No replies were sent.\n');
  if (more) await write(out, `\n…and ${more} more replies (the whole dialog is in the transcript export).\n`);

  await write(out, '\n## Findings\n\n');
  if (!bookmarks.length) await write(out, 'No rows were bookmarked.\n');
  for (const [n, b] of bookmarks.entries()) {
    if (b.row >= count) continue;
    const rows = store.rows(Math.max(0, b.row - CONTEXT), Math.min(count, b.row + CONTEXT + 1));
    const lines = rows.map((r) => `${r.index === b.row ? '=>' : '  '} ${String(r.index + 1).padStart(6)} ${LINE_MARK[r.kind]}${rowText(r)}`);
    const at = rows.find((r) => r.index === b.row);
    await write(out, `### ${n + 1}. Row ${b.row + 1}${b.note ? `: ${mdText(b.note)}` : ''}\n\n${at ? `At ${stamp(at.time)}.\n\n` : ''}${block(lines)}\n`);
  }
}

