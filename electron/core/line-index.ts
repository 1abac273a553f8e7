/**
 * The compact row index of a session: per row, where its bytes start in its stream
 * file, their length, its kind and flags, and its time — 16 bytes a row, in typed
 * arrays, instead of one JS string per row. Text is read back from the transcript
 * on demand. Pages start small and grow, so a thousand short sessions cost little.
 *
 * Pages are backed by SharedArrayBuffer so the search worker can read a snapshot
 * without copying.
 */
import type { RowKind } from '../../shared/types.ts';

export const KINDS: readonly RowKind[] = ['out', 'err', 'sent', 'note'];
export const KIND_CODE: Record<RowKind, number> = { out: 0, err: 1, sent: 2, note: 3 };

// Flag bits packed below the start offset (start * 32 + flags); exact up to 2^48 bytes.
export const F_KIND = 0b00011;
export const F_CONT = 0b00100; // continues the previous row of its stream
export const F_OPEN = 0b01000; // no line ending yet, may still grow
export const F_TERM = 0b10000; // ended by "\n" (which len includes)
const FLAG_SPACE = 32;

const PAGE_BITS = 16;
export const PAGE_ROWS = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_ROWS - 1;
const FIRST_PAGE_ROWS = 256;

export interface IndexPage {
  packed: Float64Array;
  len: Uint32Array;
  /** Milliseconds after the session's start. */
  time: Uint32Array;
}

function newPage(capacity: number): IndexPage {
  return {
    packed: new Float64Array(new SharedArrayBuffer(capacity * 8)),
    len: new Uint32Array(new SharedArrayBuffer(capacity * 4)),
    time: new Uint32Array(new SharedArrayBuffer(capacity * 4)),
  };
}

function grow(page: IndexPage, capacity: number): IndexPage {
  const next = newPage(capacity);
  next.packed.set(page.packed);
  next.len.set(page.len);
  next.time.set(page.time);
  return next;
}

export class LineIndex {
  private pages: IndexPage[] = [];
  private _count = 0;

  get count(): number {
    return this._count;
  }

  push(start: number, len: number, flags: number, time: number): number {
    const i = this._count;
    const p = i >>> PAGE_BITS;
    const o = i & PAGE_MASK;
    let page = this.pages[p];
    if (!page) {
      page = newPage(p === 0 ? FIRST_PAGE_ROWS : PAGE_ROWS);
      this.pages[p] = page;
    } else if (o >= page.len.length) {
      page = grow(page, Math.min(PAGE_ROWS, page.len.length * 4));
      this.pages[p] = page;
    }
    page.packed[o] = start * FLAG_SPACE + flags;
    page.len[o] = len;
    page.time[o] = time > 0xffffffff ? 0xffffffff : time < 0 ? 0 : time;
    this._count = i + 1;
    return i;
  }

  /**
   * The hot path of ingest: indexes complete lines of `bytes` from `pos` as terminated
   * rows, stopping before a line with no "\n" yet or one longer than `max`. Returns the
   * position reached and the number of rows added.
   */
  pushLines(bytes: Buffer, pos: number, base: number, code: number, time: number, max: number): number {
    const n = bytes.length;
    const flags = code | F_TERM;
    const t = time > 0xffffffff ? 0xffffffff : time < 0 ? 0 : time;
    let i = this._count;
    let page = this.pages[i >>> PAGE_BITS];
    while (pos < n) {
      const nl = bytes.indexOf(10, pos);
      if (nl === -1 || nl - pos > max) break;
      const o = i & PAGE_MASK;
      if (o === 0 || !page || o >= page.len.length) {
        this._count = i;
        this.push(base + pos, nl - pos + 1, flags, t);
        page = this.pages[i >>> PAGE_BITS];
      } else {
        page.packed[o] = (base + pos) * FLAG_SPACE + flags;
        page.len[o] = nl - pos + 1;
        page.time[o] = t;
      }
      i++;
      pos = nl + 1;
    }
    this._count = i;
    return pos;
  }

  start(i: number): number {
    return Math.floor(this.pages[i >>> PAGE_BITS].packed[i & PAGE_MASK] / FLAG_SPACE);
  }

  flags(i: number): number {
    return this.pages[i >>> PAGE_BITS].packed[i & PAGE_MASK] % FLAG_SPACE;
  }

  setFlags(i: number, flags: number): void {
    const page = this.pages[i >>> PAGE_BITS];
    const o = i & PAGE_MASK;
    page.packed[o] = Math.floor(page.packed[o] / FLAG_SPACE) * FLAG_SPACE + flags;
  }

  len(i: number): number {
    return this.pages[i >>> PAGE_BITS].len[i & PAGE_MASK];
  }

  setLen(i: number, len: number): void {
    this.pages[i >>> PAGE_BITS].len[i & PAGE_MASK] = len;
  }

  time(i: number): number {
    return this.pages[i >>> PAGE_BITS].time[i & PAGE_MASK];
  }

  /** Bytes held by the index (for the memory benchmark). */
  byteSize(): number {
    let n = 0;
    for (const p of this.pages) n += p.packed.byteLength + p.len.byteLength + p.time.byteLength;
    return n;
  }

  /** The pages as they are now, for a reader on another thread (rows below `count` never change again, except the last). */
  snapshot(): { pages: IndexPage[]; count: number } {
    return { pages: this.pages.slice(), count: this._count };
  }
}

export function kindOf(flags: number): RowKind {
  return KINDS[flags & F_KIND];
}
