/**
 * A session's rows: bytes go to the stream files and the log as they arrive; the
 * line index records where each row starts, its kind, flags and time. Text is only
 * decoded when a face asks for rows, so ingest never decodes.
 *
 * Row rules: a row ends at "\n" (a preceding "\r" is part of the ending); the
 * unfinished last row is open and grows in place; a row longer than maxLineBytes is
 * sealed and continues on a new row marked `cont`; a row of another kind arriving
 * while a row is open seals it (as a terminal's cursor would leave it) and the
 * interrupted stream continues on a new `cont` row.
 */
import path from 'node:path';
import type { Row } from '../../shared/types.ts';
import type { TextCodec } from './encoding.ts';
import { F_CONT, F_KIND, F_OPEN, F_TERM, KINDS, LineIndex } from './line-index.ts';
import { FLAG_SPACE, PAGE_MASK } from './line-index-layout.ts';
import { StreamFile, type StreamFault } from './stream-file.ts';
import { forEachLogRecord, readLogRecords, TranscriptLog, type LogRecord } from './transcript-log.ts';

export type StreamKind = 'out' | 'err' | 'sent';
/** A row's index, flags (line-index-layout.ts), its bytes buf[a, b) and time; false stops. */
export type RawRowVisitor = (i: number, flags: number, buf: Buffer, a: number, b: number, time: number) => boolean;
const EMPTY = Buffer.alloc(0);
/** rawRows' read buffers, one per stream kind, shared by all stores (at most MAX_GROUPED_READ each). */
const rawScratch: (Buffer | null)[] = [null, null, null];
const STREAM_CODE: Record<StreamKind, number> = { out: 0, err: 1, sent: 2 };
const NOTE_CODE = 3;
export const STREAM_FILES: Record<StreamKind, string> = { out: 'out.bin', err: 'err.bin', sent: 'sent.bin' };

/** Largest span read in one call when several rows of a stream are asked for. */
const MAX_GROUPED_READ = 4 * 1024 * 1024;
/** Recent bytes of each stream kept in memory: the live tail is decoded from here, not read back. */
const RING_BYTES: Record<StreamKind, number> = { out: 256 * 1024, err: 64 * 1024, sent: 64 * 1024 };
/** Replay reads stream files in blocks of this size. */
const REPLAY_BLOCK = 4 * 1024 * 1024;

export interface RowStoreOptions {
  dir: string;
  startedAt: number;
  codec: TextCodec;
  maxLineBytes: number;
  readOnly?: boolean;
  /** The transcript stopped being written (a sentence saying where and why), or works again (null). */
  onFault?(message: string | null): void;
}

const FAULT_WORDS: Record<string, string> = {
  ENOSPC: 'disk full', EDQUOT: 'disk quota exceeded', EROFS: 'the folder became read-only', EACCES: 'permission denied',
  EPERM: 'permission denied', EIO: 'input/output error', EMFILE: 'too many open files', ENFILE: 'too many open files in the system',
  ENOENT: 'the folder was removed',
};

export function describeFault(code: string, fallback: string): string {
  return FAULT_WORDS[code] ? `${FAULT_WORDS[code]} (${code})` : fallback;
}

export class RowStore {
  readonly index = new LineIndex();
  readonly files: StreamFile[];
  readonly log: TranscriptLog | null;
  private readonly notes: string[] = [];
  /** Sent rows the script never read (it had exited). */
  private readonly undelivered = new Set<number>();
  /** Sent rows an auto-response rule sent (rare: a set, not a flag bit every row pays for). */
  private readonly auto = new Set<number>();
  private readonly pendingCont = [false, false, false, false];
  private changedFrom = Infinity;
  codec: TextCodec;
  readonly startedAt: number;
  readonly maxLineBytes: number;
  linesIn = 0;
  linesOut = 0;

  constructor(opts: RowStoreOptions) {
    const ro = opts.readOnly ?? false;
    const kinds: StreamKind[] = ['out', 'err', 'sent'];
    this.files = kinds.map((k) => new StreamFile(path.join(opts.dir, STREAM_FILES[k]), {
      readOnly: ro,
      ringBytes: RING_BYTES[k],
      onFault: (fault, gap) => this.streamFault(k, fault, gap),
    }));
    this.onFault = opts.onFault;
    this.log = ro ? null : new TranscriptLog(path.join(opts.dir, 'log.jsonl'), (err) => {
      if (err) this.reportFault(`the transcript's log stopped being written: ${describeFault(err.code ?? '', err.message)}`);
      else this.reportFault(null);
    });
    this.codec = opts.codec;
    this.startedAt = opts.startedAt;
    this.maxLineBytes = Math.max(16, opts.maxLineBytes);
  }

  private readonly onFault?: (message: string | null) => void;
  private faultShown = false;

  get count(): number {
    return this.index.count;
  }

  private streamFault(kind: StreamKind, fault: StreamFault | null, gap?: [number, number]): void {
    if (fault) {
      this.reportFault(`transcript stopped at byte ${fault.at} of ${STREAM_FILES[kind]}: ${describeFault(fault.code, fault.message)}; recent output stays visible`);
    } else {
      if (gap) this.log?.write({ t: Date.now(), gap: kind, from: gap[0], to: gap[1] }, true);
      if (!this.files.some((f) => f.failing)) this.reportFault(null);
    }
  }

  /** One report per fault spell, one when it is over. */
  private reportFault(message: string | null): void {
    if ((message !== null) === this.faultShown) return;
    this.faultShown = message !== null;
    this.onFault?.(message);
  }

  /** True while some bytes exist only in memory (the disk refused them): such a store must stay loaded. */
  holdsUnwritten(): boolean {
    return this.faultShown || this.files.some((f) => f.failing || f.gaps.length > 0);
  }

  /** Retries failed writes (called now and then by the service). */
  retryWrites(): void {
    for (const f of this.files) f.retryIfDue();
    if (this.faultShown) this.log?.flush();
  }

  get bytes(): { out: number; err: number; sent: number } {
    return { out: this.files[0].length, err: this.files[1].length, sent: this.files[2].length };
  }

  /** Records bytes of a stream: to its file first, then the log and the index. */
  append(kind: StreamKind, bytes: Buffer, time = Date.now()): void {
    if (bytes.length === 0) return;
    const code = STREAM_CODE[kind];
    const file = this.files[code];
    const base = file.length;
    file.append(bytes);
    // What the person sent is written to the log at once (it is rare, and its place in the
    // dialog must survive a crash); the script's chunks are batched.
    this.log?.write({ t: time, c: kind, n: bytes.length }, kind === 'sent');
    this.indexChunk(code, bytes, base, time);
  }

  /** Records bytes an auto-response rule sent: sent rows of their own kind, 'auto'. */
  appendAuto(bytes: Buffer, time = Date.now()): void {
    if (bytes.length === 0) return;
    const from = this.files[2].length;
    this.append('sent', bytes, time);
    const to = this.files[2].length;
    this.log?.write({ t: time, auto: [from, to] }, true);
    this.markSentRange(from, to, this.auto);
  }

  note(text: string, time = Date.now()): number {
    this.log?.write({ t: time, note: text }, true);
    return this.indexNote(text, time);
  }

  logRecord(record: LogRecord): void {
    this.log?.write(record, true);
  }

  private indexNote(text: string, time: number): number {
    this.sealOpen();
    this.notes.push(text);
    const row = this.index.push(this.notes.length - 1, 0, NOTE_CODE | F_TERM, time - this.startedAt);
    this.markChanged(row);
    return row;
  }

  private sealOpen(): void {
    const last = this.index.count - 1;
    if (last < 0) return;
    const f = this.index.flags(last);
    if (f & F_OPEN) {
      this.index.setFlags(last, f & ~F_OPEN);
      this.pendingCont[f & F_KIND] = true;
      this.markChanged(last);
    }
  }

  private markChanged(row: number): void {
    if (row < this.changedFrom) this.changedFrom = row;
  }

  /** Index bytes already in stream `code`'s file at offset `base`. */
  indexChunk(code: number, bytes: Buffer, base: number, time: number): void {
    const idx = this.index;
    const max = this.maxLineBytes;
    const utf8 = this.codec.name === 'utf-8';
    const rel = time - this.startedAt;
    const n = bytes.length;
    let pos = 0;
    while (pos < n) {
      // Whole lines after the first go straight into the index.
      if (pos > 0 || idx.count === 0 || (idx.flags(idx.count - 1) & F_OPEN) === 0) {
        if (!this.pendingCont[code]) {
          const before = idx.count;
          const next = idx.pushLines(bytes, pos, base, code, rel, max);
          if (next !== pos) {
            this.markChanged(before);
            if (code === 2) this.linesOut += idx.count - before;
            else this.linesIn += idx.count - before;
            pos = next;
            if (pos >= n) break;
          }
        }
      }
      let row = -1;
      const last = idx.count - 1;
      if (last >= 0) {
        const f = idx.flags(last);
        if (f & F_OPEN) {
          if ((f & F_KIND) === code) row = last;
          else this.sealOpen();
        }
      }
      if (row < 0) {
        row = idx.push(base + pos, 0, code | F_OPEN | (this.pendingCont[code] ? F_CONT : 0), rel);
        this.pendingCont[code] = false;
      }
      this.markChanged(row);
      const cur = idx.len(row);
      const nl = bytes.indexOf(10, pos);
      const contentEnd = nl === -1 ? n : nl;
      const content = contentEnd - pos;
      if (content <= max - cur) {
        if (nl === -1) {
          idx.setLen(row, cur + content);
          pos = n;
        } else {
          idx.setLen(row, cur + content + 1);
          idx.setFlags(row, (idx.flags(row) & ~F_OPEN) | F_TERM);
          if (code === 2) this.linesOut++;
          else this.linesIn++;
          pos = nl + 1;
        }
      } else {
        let take = max - cur;
        // Never split a UTF-8 character between two rows.
        if (utf8) {
          let back = 0;
          while (back < 3 && take - back > 0 && (bytes[pos + take - back] & 0xc0) === 0x80) back++;
          if (take - back > 0 || cur > 0) take -= back;
        }
        idx.setLen(row, cur + take);
        idx.setFlags(row, idx.flags(row) & ~F_OPEN);
        this.pendingCont[code] = true;
        pos += take;
      }
    }
  }

  /**
   * Rebuilds the index from the files and log of a past session, streaming the log so a
   * session of any size reopens, in slices that never hold the event loop for long.
   */
  async replay(logPath: string): Promise<void> {
    const r = this.replayer();
    await forEachLogRecord(logPath, r.apply);
    for (const _ of r.rest()) await new Promise((resolve) => setImmediate(resolve));
  }

  /** The same, at once: for a small session woken to be read again. */
  replaySync(logPath: string): void {
    const r = this.replayer();
    for (const rec of readLogRecords(logPath)) r.apply(rec);
    for (const _ of r.rest());
  }

  private replayer() {
    const offsets = [0, 0, 0];
    const blocks: ({ start: number; buf: Buffer } | null)[] = [null, null, null];
    const readSeq = (code: number, start: number, n: number): Buffer => {
      let b = blocks[code];
      if (!b || start < b.start || start + n > b.start + b.buf.length) {
        b = { start, buf: this.files[code].read(start, Math.max(n, REPLAY_BLOCK)) };
        blocks[code] = b;
      }
      return b.buf.subarray(start - b.start, Math.min(b.buf.length, start - b.start + n));
    };
    let t = this.startedAt;
    const apply = (r: LogRecord) => {
      t = r.t;
      if ('c' in r) {
        const code = STREAM_CODE[r.c];
        const bytes = readSeq(code, offsets[code], r.n);
        if (bytes.length) this.indexChunk(code, bytes, offsets[code], r.t);
        offsets[code] += bytes.length;
      } else if ('note' in r) {
        this.indexNote(r.note, r.t);
      } else if ('gap' in r) {
        this.files[STREAM_CODE[r.gap]].gaps.push([r.from, r.to]);
      } else if ('undelivered' in r) {
        this.markUndelivered(r.undelivered[0], r.undelivered[1]);
      } else if ('auto' in r) {
        this.markSentRange(r.auto[0], r.auto[1], this.auto);
      }
    };
    // Bytes written just before a crash, whose log records never reached the disk: one block per step.
    const files = this.files;
    const indexChunk = (code: number, bytes: Buffer, at: number) => this.indexChunk(code, bytes, at, t);
    function* rest(): Generator<void> {
      for (let code = 0; code < 3; code++) {
        for (let at = offsets[code]; at < files[code].length;) {
          const bytes = files[code].read(at, REPLAY_BLOCK);
          if (!bytes.length) break;
          indexChunk(code, bytes, at);
          at += bytes.length;
          yield;
        }
      }
    }
    return { apply, rest };
  }

  /** Marks the sent rows holding bytes [from, to) of the sent stream as never read by the script. */
  markUndelivered(from: number, to: number): number {
    return this.markSentRange(from, to, this.undelivered);
  }

  private markSentRange(from: number, to: number, set: Set<number>): number {
    let marked = 0;
    for (let i = this.index.count - 1; i >= 0; i--) {
      const f = this.index.flags(i);
      if ((f & F_KIND) !== STREAM_CODE.sent) continue;
      const s = this.index.start(i);
      if (s + this.index.len(i) <= from) break;
      if (s < to && !set.has(i)) {
        set.add(i);
        this.markChanged(i);
        marked++;
      }
    }
    return marked;
  }

  /** Rows [from, to), decoded; fewer when their text passes `maxChars` (never fewer than one). */
  rows(from: number, to: number, maxChars = Infinity): Row[] {
    to = Math.min(to, this.index.count);
    from = Math.max(0, from);
    if (from >= to) return [];
    const idx = this.index;
    // A budget in characters bounds the reply whatever the rows hold (a row decodes to at most one character per byte here).
    if (maxChars !== Infinity) {
      let chars = 0;
      for (let i = from; i < to; i++) {
        chars += (idx.flags(i) & F_KIND) === NOTE_CODE ? 200 : idx.len(i);
        if (chars > maxChars && i > from) {
          to = i;
          break;
        }
      }
    }
    // One read per stream for the whole range where it is small enough.
    const spans: ({ start: number; buf: Buffer } | null)[] = [null, null, null];
    const lo = [Infinity, Infinity, Infinity];
    const hi = [0, 0, 0];
    for (let i = from; i < to; i++) {
      const k = idx.flags(i) & F_KIND;
      if (k === NOTE_CODE) continue;
      const s = idx.start(i);
      if (s < lo[k]) lo[k] = s;
      const e = s + idx.len(i);
      if (e > hi[k]) hi[k] = e;
    }
    for (let k = 0; k < 3; k++) {
      if (lo[k] < hi[k] && hi[k] - lo[k] <= MAX_GROUPED_READ) spans[k] = { start: lo[k], buf: this.files[k].read(lo[k], hi[k] - lo[k]) };
    }
    const out: Row[] = new Array(to - from);
    const times = idx.times(from, to);
    for (let i = from; i < to; i++) {
      const f = idx.flags(i);
      const k = f & F_KIND;
      const time = this.startedAt + times[i - from];
      let text: string;
      if (k === NOTE_CODE) text = this.notes[idx.start(i)] ?? '';
      else {
        const s = idx.start(i);
        let len = idx.len(i);
        const span = spans[k];
        const file = this.files[k];
        const lost = file.missing(s, s + len) && !file.inMemory(s, len);
        if (lost) {
          text = `(${len} bytes not recorded: the transcript could not be written then)`;
        } else {
          const bytes = span && !file.missing(s, s + len) ? span.buf.subarray(s - span.start, s - span.start + len) : file.read(s, len);
          if (f & F_TERM) {
            len = bytes.length - 1;
            if (len > 0 && bytes[len - 1] === 13) len--;
          } else len = bytes.length;
          text = len > 0 ? this.codec.decode(bytes.subarray(0, len)) : '';
        }
      }
      const row: Row = { index: i, kind: k === 2 && this.auto.size > 0 && this.auto.has(i) ? 'auto' : KINDS[k], text, time, cont: (f & F_CONT) !== 0, open: (f & F_OPEN) !== 0 };
      if (this.undelivered.has(i)) row.undelivered = true;
      out[i - from] = row;
    }
    return out;
  }

  /**
   * Rows [from, to) as their bytes, not decoded, the line ending left out (notes give
   * none), for a reader that parses bytes itself (the plot); rows past `maxBytes` are
   * left for the next call. The bytes are valid only during the call. `visit` gets each row's index, flags, time and bytes
   * buf[a, b), and returns false to stop. Returns the row after the last visited, or
   * -1 when some of the rows' bytes are not at hand (the transcript could not be
   * written then): read those with rows(), which says so in their text.
   */
  rawRows(from: number, to: number, maxBytes: number, visit: RawRowVisitor): number {
    to = Math.min(to, this.index.count);
    from = Math.max(0, from);
    if (from >= to) return from;
    const idx = this.index;
    const lo = [Infinity, Infinity, Infinity];
    const hi = [0, 0, 0];
    let bytes = 0;
    for (let i = from; i < to; i++) {
      const page = idx.pageOf(i);
      const o = i & PAGE_MASK;
      const packed = page.packed[o];
      const s = Math.floor(packed / FLAG_SPACE);
      const k = (packed - s * FLAG_SPACE) & F_KIND;
      if (k === NOTE_CODE) continue;
      const len = page.len[o];
      bytes += len;
      if (bytes > maxBytes && i > from) {
        to = i;
        break;
      }
      if (s < lo[k]) lo[k] = s;
      if (s + len > hi[k]) hi[k] = s + len;
    }
    const bufs: Buffer[] = [EMPTY, EMPTY, EMPTY];
    for (let k = 0; k < 3; k++) {
      if (lo[k] >= hi[k]) continue;
      const file = this.files[k];
      if (hi[k] - lo[k] > MAX_GROUPED_READ || file.missing(lo[k], hi[k])) return -1;
      // Read into buffers kept for the next call: a reader of millions of rows allocates nothing.
      let scratch = rawScratch[k];
      if (!scratch || scratch.length < hi[k] - lo[k]) scratch = rawScratch[k] = Buffer.allocUnsafe(Math.max(64 * 1024, hi[k] - lo[k]));
      bufs[k] = file.read(lo[k], hi[k] - lo[k], scratch);
      if (bufs[k].length < hi[k] - lo[k]) return -1;
    }
    const times = idx.times(from, to);
    for (let i = from; i < to; i++) {
      // The packed start and flags read once (idx.start and idx.flags each read them again).
      const page = idx.pageOf(i);
      const o = i & PAGE_MASK;
      const packed = page.packed[o];
      const start = Math.floor(packed / FLAG_SPACE);
      const f = packed - start * FLAG_SPACE;
      const k = f & F_KIND;
      let a = 0;
      let b = 0;
      if (k !== NOTE_CODE) {
        a = start - lo[k];
        b = a + page.len[o];
        if (f & F_TERM) {
          b--;
          if (b > a && bufs[k][b - 1] === 13) b--;
        }
      }
      if (!visit(i, f, k === NOTE_CODE ? EMPTY : bufs[k], a, b, this.startedAt + times[i - from])) return i;
    }
    return to;
  }

  /**
   * The first row from which the tail up to the end holds at most `budget` bytes
   * (never fewer than the last row), but not before `from`.
   */
  tailStart(from: number, budget: number): number {
    let i = this.index.count;
    let bytes = 0;
    while (i > from) {
      bytes += this.index.len(i - 1);
      if (bytes > budget && i < this.index.count) break;
      i--;
    }
    return i;
  }

  markAllChanged(): void {
    this.changedFrom = 0;
  }

  /** The lowest row index changed since the last call (Infinity if none), and resets it. */
  takeChanged(): number {
    const c = this.changedFrom;
    this.changedFrom = Infinity;
    return c;
  }

  /** True when the last row is an unfinished line of the script (a prompt). */
  endsWithPrompt(): boolean {
    const last = this.index.count - 1;
    if (last < 0) return false;
    const f = this.index.flags(last);
    return (f & F_OPEN) !== 0 && (f & F_KIND) <= 1;
  }

  /** The script finished sending: its streams will not grow again, so their descriptors go. */
  finishInput(): void {
    this.files[0].finish();
    this.files[1].finish();
    this.log?.close();
  }

  /** Nothing more will be received: release descriptors and memory; rows stay readable. */
  finish(): void {
    this.log?.close();
    for (const f of this.files) f.finish();
    this.index.compact();
  }

  close(): void {
    this.log?.close();
    for (const f of this.files) f.close();
  }
}
