/**
 * Prints sessions' rows to the terminal as `[N] text`, as one pump: events only say
 * how many rows a session has; a single loop asks the core for rows in bounded batches,
 * formats them inert (display.ts) and waits for stdout to drain when it is full. So
 * memory stays bounded however fast scripts print and however slow the terminal is.
 * When the printer falls far behind the live end (a blocked or slow terminal), it skips
 * ahead and says how many rows were not shown; the transcript has them all.
 *
 * An unfinished line (a prompt) is printed once it has stayed unchanged for a moment;
 * what it gains later is printed after it, and a line rewritten by carriage returns
 * (a progress bar) is printed again, on a line of its own, once it settles or ends.
 */
import { collapseCR, parseAnsi, plainText, spansToTerminal, type Span } from '../../shared/display.ts';
import type { Row } from '../../shared/types.ts';
import type { CoreService } from '../core/service-api.ts';
import type { Screen } from './terminal-screen.ts';

export const PREFIX: Record<Row['kind'], string> = { out: '', err: '! ', sent: '> ', note: '-- ', auto: '>> ' };

export interface PrinterOptions {
  /** Print what was sent as `[N] > text` (when stdin is not a terminal, so it is not on screen). */
  echoSent: boolean;
  /** Every print ends its line (a prompt line follows output); unfinished lines are not left open. */
  wholeLines: boolean;
  /** More than this far behind the live end (by the time rows arrived), skip ahead. */
  maxLagMs?: number;
  /** Rows still shown after a skip: the latest ones. */
  tailRows?: number;
  /** How long an unfinished line must stay unchanged to be printed. */
  settleMs?: number;
  /** The same for a line whose start was rewritten (carriage-return progress). */
  rewriteSettleMs?: number;
}

/** Characters of row text asked for per request (the core may send fewer rows). */
const BATCH_CHARS = 256 * 1024;
const MAX_BATCH_ROWS = 1000;
/** Info lines (new-session announcements) waiting to be printed at most. */
const MAX_INFO_LINES = 200;

interface Track {
  id: number;
  /** Rows the session has, as last heard. */
  count: number;
  /** First row not completely printed. */
  next: number;
  /** Rows to ask for next time (adapted to the rows' length). */
  batch: number;
  /** Row `next` is unfinished and this much of its visible text is printed (0: none), with its hash. */
  shownLen: number;
  shownHash: number;
  /** Last seen visible text of the unfinished row `next` (length and hash) and since when. */
  seenLen: number;
  seenHash: number;
  seenAt: number;
  timer: NodeJS.Timeout | null;
}

/** FNV-1a over UTF-16 units of s[0, end), continuing from `h`. */
function hashOf(s: string, from: number, end: number, h: number): number {
  for (let i = from; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
const HASH_START = 0x811c9dc5;

/** A row's styled text; Porthole's notes (which may quote a script's name) are plain. */
function spansOf(row: Row): Span[] {
  return row.kind === 'note' ? [{ text: plainText(row.text) }] : parseAnsi(collapseCR(row.text));
}

function joinSpans(spans: Span[]): string {
  return spans.length === 1 ? spans[0].text : spans.map((s) => s.text).join('');
}

export class TerminalPrinter {
  private readonly tracks = new Map<number, Track>();
  /** Sessions with rows to print, oldest first (a Set keeps insertion order). */
  private readonly dirty = new Set<number>();
  /** Sessions not announced yet: their rows wait. */
  private readonly held = new Set<number>();
  private info: string[] = [];
  private infoDropped = 0;
  private running = false;
  private closed = false;
  /** Session whose unfinished row ends stdout without a line feed. */
  private dangling: number | null = null;
  private idleWaiters: (() => void)[] = [];
  private readonly maxLagMs: number;
  private readonly tailRows: number;
  private readonly settleMs: number;
  private readonly rewriteSettleMs: number;

  constructor(
    private readonly service: CoreService,
    private readonly screen: Screen,
    private readonly opts: PrinterOptions,
    private readonly onError: (message: string) => void,
  ) {
    this.maxLagMs = opts.maxLagMs ?? 3000;
    this.tailRows = opts.tailRows ?? 10;
    this.settleMs = opts.settleMs ?? 100;
    this.rewriteSettleMs = opts.rewriteSettleMs ?? 1000;
  }

  /** The session has `count` rows. */
  rows(id: number, count: number): void {
    const t = this.track(id);
    t.count = Math.max(t.count, count);
    if (!this.held.has(id)) this.markDirty(id);
  }

  /** Prints none of the session's rows until it is announced. */
  hold(id: number): void {
    this.held.add(id);
  }

  /** A line of Porthole's about a session, printed as `[N] -- text` before its rows from now on. */
  announce(id: number, text: string): void {
    if (this.info.length >= MAX_INFO_LINES) this.infoDropped++;
    else this.info.push(`[${id}] -- ${plainText(text)}\n`);
    this.held.delete(id);
    const t = this.track(id);
    if (t.next < t.count) this.markDirty(id);
    else this.kick();
  }

  /** Ends an unfinished line on stdout (before a message on stderr). */
  breakLine(): void {
    if (this.dangling !== null && this.screen.alive) {
      this.screen.write('\n');
      this.dangling = null;
    }
  }

  /** Resolves once everything heard of so far is printed (or cannot be). */
  idle(): Promise<void> {
    if (!this.running && (this.dirty.size === 0 || this.closed)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const t of this.tracks.values()) if (t.timer) clearTimeout(t.timer);
    this.dirty.clear();
    this.wakeIdle();
  }

  private track(id: number): Track {
    let t = this.tracks.get(id);
    if (!t) {
      t = { id, count: 0, next: 0, batch: 200, shownLen: 0, shownHash: 0, seenLen: -1, seenHash: 0, seenAt: 0, timer: null };
      this.tracks.set(id, t);
    }
    return t;
  }

  private markDirty(id: number): void {
    if (this.closed) return;
    this.dirty.add(id);
    this.kick();
  }

  private kick(): void {
    if (!this.running && !this.closed) void this.pump();
  }

  private wakeIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private async pump(): Promise<void> {
    this.running = true;
    try {
      while (!this.closed) {
        if (!this.screen.alive) {
          // Nowhere to print: forget the work, keep nothing.
          this.dirty.clear();
          this.info = [];
          break;
        }
        if (this.info.length || this.infoDropped) {
          let text = this.takeLineBreak() + this.info.join('');
          if (this.infoDropped) text += `porthole -- ${this.infoDropped} more lines about new sessions not shown\n`;
          this.info = [];
          this.infoDropped = 0;
          await this.write(text);
          continue;
        }
        const id = this.dirty.values().next();
        if (id.done) break;
        this.dirty.delete(id.value);
        try {
          await this.printSome(this.track(id.value));
        } catch (err) {
          this.onError(`cannot print session ${id.value}: ${(err as Error).message}`);
        }
      }
    } finally {
      this.running = false;
      this.wakeIdle();
    }
  }

  private takeLineBreak(): string {
    if (this.dangling === null) return '';
    this.dangling = null;
    return '\n';
  }

  private async write(text: string): Promise<void> {
    if (!this.screen.write(text)) await this.screen.drained();
  }

  private schedule(t: Track, ms: number): void {
    if (t.timer) clearTimeout(t.timer);
    t.timer = setTimeout(() => {
      t.timer = null;
      this.markDirty(t.id);
    }, Math.max(1, ms));
  }

  /** Prints one bounded batch of a session's rows; marks it dirty again if more remain. */
  private async printSome(t: Track): Promise<void> {
    if (t.next >= t.count) return;
    const res = await this.service.invoke('session:rows', { id: t.id, from: t.next, to: Math.min(t.count, t.next + t.batch) });
    t.count = Math.max(t.count, res.count);
    const rows = res.rows;
    // Nothing new (or not what was asked): the next event brings the session back.
    if (!rows.length || rows[0].index !== t.next) return;

    // Far behind the live end: skip to it, keeping only the latest rows.
    const lagRow = rows.length > 1 ? rows[1] : rows[0];
    if (t.count - t.next > this.tailRows + 1 && Date.now() - lagRow.time > this.maxLagMs) {
      const to = t.count - this.tailRows;
      const skipped = to - t.next;
      t.next = to;
      t.shownLen = 0;
      t.seenLen = -1;
      await this.write(`${this.takeLineBreak()}[${t.id}] -- ${skipped.toLocaleString('en-US')} rows not shown (terminal too slow); all are in the transcript\n`);
      this.dirty.add(t.id);
      return;
    }

    const parts: string[] = [];
    let chars = 0;
    let waiting = false;
    for (const row of rows) {
      if (row.index !== t.next) break;
      chars += row.text.length;
      if (row.open) {
        waiting = true;
        this.printOpen(t, row, parts);
        break;
      }
      this.printClosed(t, row, parts);
      t.next = row.index + 1;
    }
    t.batch = Math.max(1, Math.min(MAX_BATCH_ROWS, Math.floor(BATCH_CHARS / Math.max(1, chars / rows.length))));
    if (parts.length) await this.write(parts.join(''));
    if (t.next < t.count && !waiting) this.dirty.add(t.id);
  }

  private startLine(out: string[]): void {
    if (this.dangling !== null) {
      out.push('\n');
      this.dangling = null;
    }
  }

  private printClosed(t: Track, row: Row, out: string[]): void {
    if (row.kind === 'sent' && !this.opts.echoSent) {
      t.shownLen = 0;
      return;
    }
    const spans = spansOf(row);
    if (t.shownLen > 0) {
      // Its unfinished start is already printed: print what it gained, or all of it if rewritten.
      const plain = joinSpans(spans);
      const from = plain.length >= t.shownLen && hashOf(plain, 0, t.shownLen, HASH_START) === t.shownHash ? t.shownLen : 0;
      const rest = spansToTerminal(spans, from);
      t.shownLen = 0;
      t.seenLen = -1;
      if (from > 0 && this.dangling === t.id) {
        out.push(rest, '\n');
        this.dangling = null;
        return;
      }
      if (from > 0 && rest === '') return;
      this.startLine(out);
      out.push(`[${t.id}] ${PREFIX[row.kind]}`, rest, '\n');
      return;
    }
    this.startLine(out);
    out.push(`[${t.id}] ${PREFIX[row.kind]}`, spansToTerminal(spans), '\n');
  }

  private printOpen(t: Track, row: Row, out: string[]): void {
    if (row.kind === 'sent' && !this.opts.echoSent) return;
    const spans = spansOf(row);
    const plain = joinSpans(spans);
    // One pass: the hash of the part already shown, then of the whole.
    const cut = t.shownLen > 0 && plain.length >= t.shownLen ? t.shownLen : 0;
    const prefixHash = hashOf(plain, 0, cut, HASH_START);
    const hash = hashOf(plain, cut, plain.length, prefixHash);
    const now = Date.now();
    if (plain.length !== t.seenLen || hash !== t.seenHash) {
      t.seenLen = plain.length;
      t.seenHash = hash;
      t.seenAt = now;
    }
    const appended = t.shownLen === 0 || (cut > 0 && prefixHash === t.shownHash);
    if (appended && plain.length === t.shownLen) return;
    const wait = (appended ? this.settleMs : this.rewriteSettleMs) - (now - t.seenAt);
    if (wait > 0) {
      this.schedule(t, wait);
      return;
    }
    if (appended && t.shownLen > 0 && this.dangling === t.id) {
      out.push(spansToTerminal(spans, t.shownLen));
    } else {
      this.startLine(out);
      out.push(`[${t.id}] ${PREFIX[row.kind]}`, spansToTerminal(spans, appended ? t.shownLen : 0));
    }
    if (this.opts.wholeLines) out.push('\n');
    else this.dangling = t.id;
    t.shownLen = plain.length;
    t.shownHash = hash;
  }
}
