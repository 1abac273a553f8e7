/**
 * The compact row index of a session: per row, where its bytes start in its stream
 * file, their length, its kind and flags, and its time — 14 bytes a row, in typed
 * arrays, instead of one JS string per row. Times are milliseconds since the previous
 * row (2 bytes), with an absolute time every 256 rows and the rare gap of a minute or
 * more kept exactly on the side. Text is read back from the transcript
 * on demand. Pages start small and grow, so a thousand short sessions cost little.
 *
 * Pages are backed by SharedArrayBuffer so the search worker can read a snapshot
 * without copying.
 */
import type { RowKind } from '../../shared/types.ts';
import { FLAG_SPACE, F_KIND, F_TERM, PAGE_BITS, PAGE_MASK, PAGE_ROWS } from './line-index-layout.ts';

export const KINDS: readonly RowKind[] = ['out', 'err', 'sent', 'note'];
/** Auto replies are sent bytes: they share the sent stream's code, and the row store tells them apart. */
export const KIND_CODE: Record<RowKind, number> = { out: 0, err: 1, sent: 2, note: 3, auto: 2 };

export { F_CONT, F_KIND, F_OPEN, F_TERM, PAGE_ROWS } from './line-index-layout.ts';

const FIRST_PAGE_ROWS = 16;

const BLOCK_BITS = 8;
const BLOCK_MASK = (1 << BLOCK_BITS) - 1;
/** A time step that does not fit in 16 bits: the exact time is in `escapes`. */
const DT_ESCAPE = 0xffff;

export interface IndexPage {
  packed: Float64Array;
  len: Uint32Array;
  /** Milliseconds since the previous row (0 for the first row of a block). */
  dt: Uint16Array;
  /** Milliseconds after the session's start of the first row of each block of 256. */
  blockTime: Float64Array;
}

function newPage(capacity: number): IndexPage {
  return {
    packed: new Float64Array(new SharedArrayBuffer(capacity * 8)),
    len: new Uint32Array(new SharedArrayBuffer(capacity * 4)),
    dt: new Uint16Array(new SharedArrayBuffer(capacity * 2)),
    blockTime: new Float64Array(new SharedArrayBuffer(Math.ceil(capacity / (BLOCK_MASK + 1)) * 8)),
  };
}

function grow(page: IndexPage, capacity: number): IndexPage {
  const next = newPage(capacity);
  next.packed.set(page.packed);
  next.len.set(page.len);
  next.dt.set(page.dt);
  next.blockTime.set(page.blockTime);
  return next;
}

export class LineIndex {
  private pages: IndexPage[] = [];
  private _count = 0;
  private lastTime = 0;
  private readonly escapes = new Map<number, number>();

  get count(): number {
    return this._count;
  }

  push(start: number, len: number, flags: number, time: number): number {
    const i = this._count;
    const p = i >>> PAGE_BITS;
    const o = i & PAGE_MASK;
    let page = this.pages[p];
    if (!page) {
      page = newPage(FIRST_PAGE_ROWS);
      this.pages[p] = page;
    } else if (o >= page.len.length) {
      page = grow(page, Math.min(PAGE_ROWS, page.len.length * 4));
      this.pages[p] = page;
    }
    page.packed[o] = start * FLAG_SPACE + flags;
    page.len[o] = len;
    this.setTime(page, o, i, time);
    this._count = i + 1;
    return i;
  }

  private setTime(page: IndexPage, o: number, i: number, time: number): void {
    const t = time < 0 ? 0 : time;
    if ((o & BLOCK_MASK) === 0) {
      page.blockTime[o >>> BLOCK_BITS] = t;
      page.dt[o] = 0;
    } else {
      const d = t - this.lastTime;
      if (d >= 0 && d < DT_ESCAPE) page.dt[o] = d;
      else {
        page.dt[o] = DT_ESCAPE;
        this.escapes.set(i, t);
      }
    }
    this.lastTime = t;
  }

  /**
   * The hot path of ingest: indexes complete lines of `bytes` from `pos` as terminated
   * rows, stopping before a line with no "\n" yet or one longer than `max`. Returns the
   * position reached and the number of rows added.
   */
  pushLines(bytes: Buffer, pos: number, base: number, code: number, time: number, max: number): number {
    const n = bytes.length;
    const flags = code | F_TERM;
    let i = this._count;
    let page = this.pages[i >>> PAGE_BITS];
    while (pos < n) {
      const nl = bytes.indexOf(10, pos);
      if (nl === -1 || nl - pos > max) break;
      const o = i & PAGE_MASK;
      if (o === 0 || !page || o >= page.len.length) {
        this._count = i;
        this.push(base + pos, nl - pos + 1, flags, time);
        page = this.pages[i >>> PAGE_BITS];
      } else {
        page.packed[o] = (base + pos) * FLAG_SPACE + flags;
        page.len[o] = nl - pos + 1;
        this.setTime(page, o, i, time);
      }
      i++;
      pos = nl + 1;
    }
    this._count = i;
    return pos;
  }

  /** The page holding row i (its slot is i & PAGE_MASK), for readers walking many rows. */
  pageOf(i: number): IndexPage {
    return this.pages[i >>> PAGE_BITS];
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

  /** Milliseconds after the session's start of rows [from, to). */
  times(from: number, to: number): number[] {
    const out: number[] = new Array(Math.max(0, to - from));
    let t = 0;
    // Start at the block's absolute time and add the steps up to `from`.
    for (let i = from & ~BLOCK_MASK; i < to; i++) {
      const page = this.pages[i >>> PAGE_BITS];
      const o = i & PAGE_MASK;
      if ((o & BLOCK_MASK) === 0) t = page.blockTime[o >>> BLOCK_BITS];
      else {
        const d = page.dt[o];
        t = d === DT_ESCAPE ? this.escapes.get(i)! : t + d;
      }
      if (i >= from) out[i - from] = t;
    }
    return out;
  }

  time(i: number): number {
    return this.times(i, i + 1)[0];
  }

  /** The index will not grow again (its session closed): give back the unused end of the last page. */
  compact(): void {
    const p = this.pages.length - 1;
    if (p < 0) return;
    const used = this._count - p * PAGE_ROWS;
    const page = this.pages[p];
    if (used <= 0 || used >= page.len.length) return;
    const next = newPage(used);
    next.packed.set(page.packed.subarray(0, used));
    next.len.set(page.len.subarray(0, used));
    next.dt.set(page.dt.subarray(0, used));
    next.blockTime.set(page.blockTime.subarray(0, next.blockTime.length));
    this.pages[p] = next;
  }

  /** Bytes held by the index (for the memory benchmark). */
  byteSize(): number {
    let n = 0;
    for (const p of this.pages) n += p.packed.byteLength + p.len.byteLength + p.dt.byteLength + p.blockTime.byteLength;
    return n + this.escapes.size * 32;
  }

  /** The pages as they are now, for a reader on another thread (rows below `count` never change again, except the last). */
  snapshot(): { pages: IndexPage[]; count: number } {
    return { pages: this.pages.slice(), count: this._count };
  }
}

export function kindOf(flags: number): RowKind {
  return KINDS[flags & F_KIND];
}
