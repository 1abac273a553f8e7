import type { Row } from '../../../shared/types.ts';

export interface RowRange {
  from: number;
  to: number;
}

/**
 * The rows of one session the window holds: the tail that `rows` events carry, plus
 * one fetched window around the viewport. Memory stays proportional to the viewport
 * whatever the session's length; rows elsewhere are fetched again when scrolled to.
 */
export class RowWindow {
  count = 0;
  private tail: Row[] = [];
  private tailFrom = 0;
  private win: Row[] = [];
  private winFrom = 0;
  private inflight: RowRange | null = null;

  /**
   * A `rows` event: the session has `count` rows, rows from `changedFrom` on are new or
   * changed, `tail` holds them (at most the last few hundred). Unchanged tail rows from
   * earlier events are kept, up to `maxTail`, so a growing prompt row does not push the
   * rows above it out of the cache.
   */
  applyRows(count: number, changedFrom: number, tail: Row[], maxTail = 400): void {
    this.count = Math.max(count, 0);
    const newFrom = tail.length > 0 ? tail[0].index : count;
    const keepEnd = Math.min(changedFrom, newFrom, count);
    const prevEnd = this.tailFrom + this.tail.length;
    let merged = tail;
    if (this.tail.length > 0 && this.tailFrom < keepEnd && prevEnd >= newFrom && keepEnd === newFrom) {
      merged = this.tail.slice(0, keepEnd - this.tailFrom).concat(tail);
    }
    if (merged.length > maxTail) merged = merged.slice(merged.length - maxTail);
    this.tail = merged;
    this.tailFrom = merged.length > 0 ? merged[0].index : count;
    const winEnd = this.winFrom + this.win.length;
    if (changedFrom < winEnd) this.win.length = Math.max(0, changedFrom - this.winFrom);
    if (this.inflight && changedFrom < this.inflight.to) this.inflight = null;
  }

  get(index: number): Row | undefined {
    if (index >= this.tailFrom && index < this.tailFrom + this.tail.length) return this.tail[index - this.tailFrom];
    if (index >= this.winFrom && index < this.winFrom + this.win.length) return this.win[index - this.winFrom];
    return undefined;
  }

  /** The last row, if held. */
  last(): Row | undefined {
    return this.count > 0 ? this.get(this.count - 1) : undefined;
  }

  /**
   * What to fetch so that rows [from, to) are held: null when they are, or a request
   * widened by `margin` rows each side (so small scrolls need no new request) and
   * capped at `maxRows`. Remembers the request until `fill` so it is not repeated.
   */
  need(from: number, to: number, margin: number, maxRows: number): RowRange | null {
    from = Math.max(0, from);
    to = Math.min(this.count, to);
    let first = -1;
    for (let i = from; i < to; i++) {
      if (this.get(i) === undefined) { first = i; break; }
    }
    if (first < 0) return null;
    if (this.inflight && this.inflight.from <= first && this.inflight.to >= to) return null;
    const m = Math.max(0, Math.min(margin, Math.floor((maxRows - (to - from)) / 2)));
    const start = Math.max(0, from - m);
    const end = Math.min(this.count, to + m, start + maxRows);
    this.inflight = { from: start, to: end };
    return this.inflight;
  }

  /** Rows fetched with `session:rows`. */
  fill(from: number, rows: Row[], count: number): void {
    this.win = rows;
    this.winFrom = from;
    if (count > this.count) this.count = count;
    if (this.inflight && this.inflight.from === from) this.inflight = null;
  }

  /** A request failed or was abandoned: allow it to be asked again. */
  forget(): void {
    this.inflight = null;
  }

  /** Rows held, for tests and memory checks. */
  held(): number {
    return this.tail.length + this.win.length;
  }
}
