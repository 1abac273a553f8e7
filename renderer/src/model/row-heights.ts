/**
 * Scroll arithmetic for rows of different heights (wrapped lines). The position is
 * still a row number, its fraction the part of that row above the viewport, so a
 * change in the height of rows elsewhere never moves what is on screen, and the
 * scrollbar maps row numbers as before. Heights come from a function: measured for
 * rows that were on screen, estimated for the others. Every walk here stops after a
 * screenful of rows (each row is at least one line high) or after `MAX_STEPS` rows,
 * so the cost is the same at any session length.
 */

/** Height in pixels of row `i`; at least 1. */
export type HeightOf = (i: number) => number;

/** Most rows one move walks through one by one; longer moves go by the line height. */
const MAX_STEPS = 2_000;

/** The largest position: the last row's bottom at the viewport's bottom. */
export function maxTopVar(count: number, viewPx: number, heightOf: HeightOf): number {
  let acc = 0;
  for (let i = count - 1; i >= 0; i--) {
    const h = heightOf(i);
    if (acc + h >= viewPx) return i + (acc + h - viewPx) / h;
    acc += h;
  }
  return 0;
}

export function clampTopVar(top: number, count: number, viewPx: number, heightOf: HeightOf): number {
  if (!Number.isFinite(top)) return 0;
  return Math.min(Math.max(0, top), maxTopVar(count, viewPx, heightOf));
}

/**
 * The position `dPx` pixels further down (up when negative), clamped. Moves longer
 * than MAX_STEPS rows count the rest at `linePx` a row (exact for unwrapped rows).
 */
export function moveByPx(top: number, dPx: number, count: number, viewPx: number, heightOf: HeightOf, linePx: number): number {
  if (count === 0) return 0;
  let r = Math.min(Math.max(0, Math.floor(top)), count - 1);
  let off = (top - r) * heightOf(r) + dPx;
  let steps = 0;
  while (off < 0 && r > 0 && steps < MAX_STEPS) {
    r--;
    off += heightOf(r);
    steps++;
  }
  if (off < 0) {
    if (r === 0) return 0;
    const rows = Math.ceil(-off / linePx);
    r = Math.max(0, r - rows);
    off += rows * linePx;
    if (r === 0 && off < 0) off = 0;
  }
  while (r < count && off >= heightOf(r) && steps < MAX_STEPS) {
    off -= heightOf(r);
    r++;
    steps++;
  }
  if (r < count && off >= heightOf(r)) {
    const rows = Math.floor(off / linePx);
    r += rows;
    off -= rows * linePx;
  }
  if (r >= count) return clampTopVar(count, count, viewPx, heightOf);
  return clampTopVar(r + Math.min(off / heightOf(r), 0.999999), count, viewPx, heightOf);
}

export interface VarRange {
  /** First row drawn. */
  first: number;
  /** One past the last row drawn. */
  end: number;
  /** Pixels the first drawn row is shifted up. */
  shiftPx: number;
  /** The first and last row at least partly in the viewport (last = first - 1 when there are none). */
  firstSeen: number;
  lastSeen: number;
}

/** The rows to draw for a position: those in the viewport and `overscan` more each side. */
export function visibleRangeVar(top: number, viewPx: number, count: number, heightOf: HeightOf, overscan: number): VarRange {
  if (count === 0) return { first: 0, end: 0, shiftPx: 0, firstSeen: 0, lastSeen: -1 };
  const whole = Math.min(Math.max(0, Math.floor(top)), count - 1);
  const first = Math.max(0, whole - overscan);
  const into = (top - whole) * heightOf(whole);
  let shiftPx = into;
  for (let i = first; i < whole; i++) shiftPx += heightOf(i);
  let end = whole;
  let acc = -into;
  while (end < count && acc < viewPx) acc += heightOf(end++);
  return { first, end: Math.min(count, end + overscan), shiftPx, firstSeen: whole, lastSeen: end - 1 };
}

/**
 * The position that shows row `row`: unchanged when the row is wholly in view, else
 * with the row in the middle (or at the top when it is taller than the viewport).
 */
export function revealTopVar(row: number, top: number, viewPx: number, count: number, heightOf: HeightOf, linePx: number): number {
  if (row < 0 || row >= count) return top;
  const h = heightOf(row);
  const whole = Math.floor(top);
  if (row > whole || (row === whole && top === whole)) {
    let y = -(top - whole) * heightOf(whole);
    for (let i = whole; i < row && y < viewPx; i++) y += heightOf(i);
    if (y + h <= viewPx) return top;
  }
  if (h >= viewPx) return clampTopVar(row, count, viewPx, heightOf);
  return moveByPx(row, -(viewPx - h) / 2, count, viewPx, heightOf, linePx);
}

/**
 * Row heights measured in the page, kept per layout (wrap, font size, width): a
 * change of any of them makes every measurement stale. Bounded: the oldest are
 * forgotten first.
 */
export class RowHeights {
  private readonly measured = new Map<number, number>();
  private layout = '';

  constructor(private readonly limit = 20_000) {}

  /** Forgets every measurement when the layout changed. */
  setLayout(key: string): void {
    if (key !== this.layout) {
      this.layout = key;
      this.measured.clear();
    }
  }

  get(i: number): number | undefined {
    return this.measured.get(i);
  }

  /** Records a height; true when it differs from the one known before. */
  set(i: number, px: number): boolean {
    if (this.measured.get(i) === px) return false;
    this.measured.delete(i);
    this.measured.set(i, px);
    if (this.measured.size > this.limit) {
      const drop = this.measured.size - this.limit + (this.limit >> 3);
      let n = 0;
      for (const k of this.measured.keys()) {
        if (n++ >= drop) break;
        this.measured.delete(k);
      }
    }
    return true;
  }

  /** Forgets rows from `from` on (their content changed, e.g. a cleared view). */
  forgetFrom(from: number): void {
    for (const k of [...this.measured.keys()]) if (k >= from) this.measured.delete(k);
  }

  get size(): number {
    return this.measured.size;
  }
}

/** Lines a row of `chars` characters is estimated to take when wrapped at `cols` columns. */
export function estimateLines(chars: number, cols: number): number {
  if (cols <= 0) return 1;
  return Math.max(1, Math.ceil(chars / cols));
}
