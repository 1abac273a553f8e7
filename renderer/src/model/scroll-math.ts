/**
 * Scroll position arithmetic for the transcript. The position is a row number (may be
 * fractional), not pixels: browsers cap an element's height near 16–33 million px, so
 * ten million rows cannot be laid out in a native scroll area. The transcript draws
 * only the visible rows and a scrollbar of its own, mapped by these functions.
 */

export function maxTop(count: number, viewRows: number): number {
  return Math.max(0, count - viewRows);
}

export function clampTop(top: number, count: number, viewRows: number): number {
  if (!Number.isFinite(top)) return 0;
  return Math.min(Math.max(0, top), maxTop(count, viewRows));
}

export interface VisibleRange {
  /** First row drawn. */
  first: number;
  /** One past the last row drawn. */
  end: number;
  /** Pixels the first drawn row is shifted up. */
  shiftPx: number;
}

export function visibleRange(top: number, viewRows: number, count: number, rowPx: number, overscan: number): VisibleRange {
  const whole = Math.floor(top);
  const first = Math.max(0, whole - overscan);
  const end = Math.min(count, Math.ceil(top + viewRows) + overscan);
  return { first, end, shiftPx: (top - first) * rowPx };
}

export function thumbSize(trackPx: number, count: number, viewRows: number, minPx = 24): number {
  if (count <= viewRows || count === 0) return trackPx;
  return Math.min(trackPx, Math.max(minPx, (trackPx * viewRows) / count));
}

export function thumbOffset(top: number, trackPx: number, thumbPx: number, count: number, viewRows: number): number {
  const m = maxTop(count, viewRows);
  if (m <= 0) return 0;
  return ((trackPx - thumbPx) * top) / m;
}

/** The row position for a thumb dragged to `offsetPx` from the top of the track. */
export function topFromThumb(offsetPx: number, trackPx: number, thumbPx: number, count: number, viewRows: number): number {
  const room = trackPx - thumbPx;
  if (room <= 0) return 0;
  const m = maxTop(count, viewRows);
  return clampTop((offsetPx / room) * m, count, viewRows);
}

/** Rows a wheel event moves, by its deltaMode (0 pixels, 1 lines, 2 pages). */
export function wheelRows(deltaY: number, deltaMode: number, rowPx: number, viewRows: number): number {
  if (deltaMode === 1) return deltaY;
  if (deltaMode === 2) return deltaY * Math.max(1, viewRows - 1);
  return deltaY / rowPx;
}

/** The top that shows `row` roughly in the middle, unless it is already fully visible. */
export function revealTop(row: number, top: number, count: number, viewRows: number): number {
  if (row >= top && row + 1 <= top + viewRows) return top;
  return clampTop(row - Math.floor(viewRows / 2), count, viewRows);
}

/** At the tail when within half a row of the bottom. */
export function atTail(top: number, count: number, viewRows: number): boolean {
  return top >= maxTop(count, viewRows) - 0.5;
}
