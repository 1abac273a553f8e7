/**
 * Decimation for drawing: of the points whose x lies in [from, to], keep per pixel
 * column only the one with the smallest and the one with the largest value (in their
 * order), plus the nearest point outside each end so the line runs to the edges. A
 * line through those looks the same as one through every point, at most 2 × width + 2
 * points whatever the series holds.
 */
import type { SeriesPoints } from './series-points.ts';

/** The pixel column of x: [from, to] split into `width` equal columns, `to` itself in the last. */
export function columnOf(x: number, from: number, to: number, width: number): number {
  if (to <= from) return 0;
  const c = Math.floor(((x - from) / (to - from)) * width);
  return c < 0 ? 0 : c >= width ? width - 1 : c;
}

/** The first index in [lo, hi) whose x passes `test` (xs sorted so that `test` is false then true), else hi. */
function firstWhere(xs: ArrayLike<number>, lo: number, hi: number, test: (x: number) => boolean): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(xs[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Indices of the points to draw, ascending. `xs` is the series' x for each point (its
 * rows or its times), non-decreasing.
 */
export function decimate(points: SeriesPoints, xs: ArrayLike<number>, from: number, to: number, width: number): number[] {
  const n = points.n;
  const out: number[] = [];
  if (n === 0 || !(to >= from)) return out;
  const w = Math.max(1, Math.floor(width));
  const lo = firstWhere(xs, 0, n, (x) => x >= from);
  const hi = firstWhere(xs, lo, n, (x) => x > to);
  if (lo > 0) out.push(lo - 1);
  for (let a = lo; a < hi;) {
    const c = columnOf(xs[a], from, to, w);
    const b = c === w - 1 ? hi : firstWhere(xs, a + 1, hi, (x) => columnOf(x, from, to, w) > c);
    const [min, max] = points.extremes(a, b);
    if (min === max) out.push(min);
    else if (min < max) out.push(min, max);
    else out.push(max, min);
    a = b;
  }
  if (hi < n) out.push(hi);
  return out;
}
