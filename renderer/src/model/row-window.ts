import type { Row } from '../../../shared/types.ts';

export interface RowRange {
  from: number;
  to: number;
}

export interface FetchLimits {
  /** Rows fetched beyond the viewport each side, so small scrolls need no request. */
  margin: number;
  /** Rows one request may ask for. */
  maxRows: number;
  /** Characters of row text one request should bring back, judged by the rows seen so far. */
  maxChars: number;
}

/** Rows and characters of fetched rows held at most (the tail from events is apart). */
const MAX_HELD_ROWS = 12_000;
const MAX_HELD_CHARS = 2 * 1024 * 1024;
/** Characters of tail rows kept at most, beyond the rows of the latest event. */
const MAX_TAIL_CHARS = 512 * 1024;

/**
 * The rows of one session the window holds: the tail that `rows` events carry, plus
 * rows fetched around the viewport. Memory stays bounded whatever the session's
 * length and row sizes; rows elsewhere are fetched again when scrolled to.
 *
 * A reply may bring fewer rows than asked (the core bounds each reply in bytes), so
 * every request starts at a row not yet held and the next one carries on from where
 * the last reply stopped.
 */
export class RowWindow {
  count = 0;
  private tail: Row[] = [];
  private tailFrom = 0;
  private fetched = new Map<number, Row>();
  private fetchedChars = 0;
  private maxFetched = -1;
  private inflight: (RowRange & { validBelow: number }) | null = null;
  /** The rows last asked for: never dropped, whatever their size; the farthest from them go first. */
  private shown: RowRange = { from: 0, to: 0 };
  /** A request that came back empty: not asked again until something changes. */
  private emptyAt = -1;
  /** Characters per row lately seen, to size requests. */
  private avgChars = 100;

  /**
   * A `rows` event: the session has `count` rows, rows from `changedFrom` on are new or
   * changed, `tail` holds them (at most the last few hundred). Unchanged tail rows from
   * earlier events are kept, up to `maxTail` rows, so a growing prompt row does not push
   * the rows above it out of the cache; rows that did not change keep their objects, so
   * what was drawn of them is reused.
   */
  applyRows(count: number, changedFrom: number, tail: Row[], maxTail = 400): void {
    if (count !== this.count) this.emptyAt = -1;
    this.count = Math.max(count, 0);
    const newFrom = tail.length > 0 ? tail[0].index : count;
    const prevEnd = this.tailFrom + this.tail.length;
    // Rows the event repeats though they did not change keep the objects already held.
    let fresh = tail;
    const reuseFrom = Math.max(newFrom, this.tailFrom);
    const reuseEnd = Math.min(changedFrom, prevEnd, newFrom + tail.length);
    if (this.tail.length > 0 && reuseFrom < reuseEnd) {
      fresh = tail.slice();
      for (let i = reuseFrom; i < reuseEnd; i++) fresh[i - newFrom] = this.tail[i - this.tailFrom];
    }
    const keepEnd = Math.min(changedFrom, newFrom, count);
    let merged = fresh;
    if (this.tail.length > 0 && this.tailFrom < keepEnd && prevEnd >= newFrom && keepEnd === newFrom) {
      merged = this.tail.slice(0, keepEnd - this.tailFrom).concat(fresh);
    }
    if (merged.length > maxTail) merged = merged.slice(merged.length - maxTail);
    // Bounded in characters too, always keeping the rows this event brought.
    let chars = 0;
    let cut = merged.length;
    while (cut > 0 && (cut > merged.length - tail.length || chars + merged[cut - 1].text.length <= MAX_TAIL_CHARS)) {
      chars += merged[--cut].text.length;
    }
    if (cut > 0) merged = merged.slice(cut);
    this.tail = merged;
    this.tailFrom = merged.length > 0 ? merged[0].index : count;
    if (tail.length > 0) this.learn(tail);
    if (changedFrom <= this.maxFetched) this.dropFetchedFrom(changedFrom);
    if (this.inflight && changedFrom < this.inflight.to) this.inflight.validBelow = Math.min(this.inflight.validBelow, changedFrom);
  }

  get(index: number): Row | undefined {
    if (index >= this.tailFrom && index < this.tailFrom + this.tail.length) return this.tail[index - this.tailFrom];
    return this.fetched.get(index);
  }

  /** The last row, if held. */
  last(): Row | undefined {
    return this.count > 0 ? this.get(this.count - 1) : undefined;
  }

  /** Rows one request asks for: fewer when rows are long. */
  rowsPerRequest(maxRows: number, maxChars: number): number {
    return Math.max(1, Math.min(maxRows, Math.floor(maxChars / Math.max(1, this.avgChars))));
  }

  /**
   * What to fetch so that rows [from, to) are held, then the margins around them: null
   * when they are held or a request is on its way. A request starts at the first row
   * missing and asks for as many rows as fit the limits.
   */
  need(from: number, to: number, limits: FetchLimits): RowRange | null {
    from = Math.max(0, from);
    to = Math.min(this.count, to);
    this.shown = { from, to };
    if (this.inflight) return null;
    if (from >= to) return null;
    const per = this.rowsPerRequest(limits.maxRows, limits.maxChars);
    // Near the live end (the viewport reaches the tail the events carry) the margin above
    // would be rows that scroll past within the next event: asking for them on every
    // event costs the core and the page more than the flood itself.
    const margin = to > this.tailFrom ? 0 : Math.min(limits.margin, per);
    let start = this.firstMissing(from, to);
    if (start >= 0) {
      // Rows just above come in the same request when it has room for them.
      if (per >= to - from + 2 * margin) {
        const above = this.firstMissing(Math.max(0, start - margin), start);
        if (above >= 0) start = above;
      }
    } else {
      start = this.firstMissing(Math.max(0, from - margin), from);
      if (start < 0) start = this.firstMissing(to, Math.min(this.count, to + margin));
      if (start < 0) return null;
    }
    if (start === this.emptyAt) return null;
    const end = Math.min(this.count, start + per);
    this.inflight = { from: start, to: end, validBelow: end };
    return { from: start, to: end };
  }

  /** Rows fetched with `session:rows` (possibly fewer than asked). */
  fill(from: number, rows: Row[], count: number): void {
    const req = this.inflight;
    this.inflight = null;
    if (count !== this.count) this.emptyAt = -1;
    if (count > this.count) this.count = count;
    // One request is in flight at a time, so this is its reply; rows that changed meanwhile are not kept.
    const validBelow = req ? req.validBelow : Infinity;
    if (rows.length === 0) {
      if (from < this.count) this.emptyAt = from;
      return;
    }
    for (const r of rows) {
      if (r.index >= validBelow) break;
      if (this.fetched.has(r.index)) continue;
      this.fetched.set(r.index, r);
      this.fetchedChars += r.text.length;
      if (r.index > this.maxFetched) this.maxFetched = r.index;
    }
    this.learn(rows);
    this.evict();
  }

  /** A request failed or was abandoned: allow it to be asked again. */
  forget(): void {
    this.inflight = null;
    this.emptyAt = -1;
  }

  /** Rows held, for tests and memory checks. */
  held(): number {
    return this.tail.length + this.fetched.size;
  }

  /** Characters of row text held, for tests and memory checks. */
  heldChars(): number {
    let n = this.fetchedChars;
    for (const r of this.tail) n += r.text.length;
    return n;
  }

  private firstMissing(from: number, to: number): number {
    for (let i = from; i < to; i++) if (this.get(i) === undefined) return i;
    return -1;
  }

  private learn(rows: Row[]): void {
    let chars = 0;
    for (const r of rows) chars += r.text.length;
    const avg = chars / rows.length;
    // Long rows count at once; short ones lower the estimate gradually.
    this.avgChars = Math.max(avg, (this.avgChars + avg) / 2);
  }

  private dropFetchedFrom(index: number): void {
    for (const [i, r] of this.fetched) {
      if (i >= index) {
        this.fetched.delete(i);
        this.fetchedChars -= r.text.length;
      }
    }
    this.maxFetched = Math.min(this.maxFetched, index - 1);
  }

  /** Over the bounds: drops the rows farthest from where the person is looking. */
  private evict(): void {
    if (this.fetched.size <= MAX_HELD_ROWS && this.fetchedChars <= MAX_HELD_CHARS) return;
    // Down to three quarters, so the sorting is not repeated on every reply.
    const rows = MAX_HELD_ROWS * 0.75;
    const chars = MAX_HELD_CHARS * 0.75;
    const { from, to } = this.shown;
    const distance = (i: number) => (i < from ? from - i : i >= to ? i - to + 1 : 0);
    const byDistance = [...this.fetched.keys()].sort((a, b) => distance(b) - distance(a));
    for (const i of byDistance) {
      if (distance(i) === 0) break;
      if (this.fetched.size <= rows && this.fetchedChars <= chars) break;
      this.fetchedChars -= this.fetched.get(i)!.text.length;
      this.fetched.delete(i);
    }
    this.maxFetched = -1;
    for (const i of this.fetched.keys()) if (i > this.maxFetched) this.maxFetched = i;
  }
}
