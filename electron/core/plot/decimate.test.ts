import { describe, expect, it } from 'vitest';
import { columnOf, decimate } from './decimate.ts';
import { SeriesPoints } from './series-points.ts';

/** A small seeded generator, so a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function series(values: number[], rows?: number[], times?: number[]): SeriesPoints {
  const p = new SeriesPoints();
  values.forEach((v, i) => p.push(rows ? rows[i] : i, times ? times[i] : i, v));
  return p;
}

/** Every point looked at: the first smallest and first largest of each column, plus the neighbours outside. */
function bruteForce(p: SeriesPoints, xs: ArrayLike<number>, from: number, to: number, width: number): number[] {
  const cols = new Map<number, { min: number; max: number }>();
  let before = -1;
  let after = -1;
  for (let i = 0; i < p.n; i++) {
    const x = xs[i];
    if (x < from) before = i;
    else if (x > to) {
      if (after < 0) after = i;
    } else {
      const c = columnOf(x, from, to, width);
      const e = cols.get(c);
      if (!e) cols.set(c, { min: i, max: i });
      else {
        if (p.values[i] < p.values[e.min]) e.min = i;
        if (p.values[i] > p.values[e.max]) e.max = i;
      }
    }
  }
  const out = new Set<number>();
  if (before >= 0) out.add(before);
  for (const e of cols.values()) out.add(e.min).add(e.max);
  if (after >= 0) out.add(after);
  return [...out].sort((a, b) => a - b);
}

describe('columnOf', () => {
  it.each([
    [0, 0, 10, 5, 0],
    [1.999, 0, 10, 5, 0],
    [2, 0, 10, 5, 1],
    [10, 0, 10, 5, 4],
    [-1, 0, 10, 5, 0],
    [11, 0, 10, 5, 4],
    [7, 7, 7, 5, 0],
  ])('x %d in [%d, %d] over %d columns: %d', (x, from, to, width, col) => {
    expect(columnOf(x, from, to, width)).toBe(col);
  });
});

describe('extremes of a run of points', () => {
  it('match a scan of every point, across block edges, ties going to the first', () => {
    const r = rng(7);
    const values = Array.from({ length: 1000 }, () => Math.floor(r() * 20));
    const p = series(values);
    for (let k = 0; k < 2000; k++) {
      const a = Math.floor(r() * 999);
      const b = a + 1 + Math.floor(r() * (1000 - a - 1));
      const run = values.slice(a, b);
      const min = Math.min(...run);
      const max = Math.max(...run);
      expect(p.extremes(a, b)).toEqual([a + run.indexOf(min), a + run.indexOf(max)]);
    }
  });
});

describe('decimate', () => {
  it('keeps exactly the smallest and largest point of every pixel column', () => {
    const r = rng(42);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(r() * 3000);
      const values = Array.from({ length: n }, () => Math.round((r() - 0.5) * 1000) / 10);
      // Rows with gaps; times with repeats (many rows arrive in one read).
      const rows: number[] = [];
      const times: number[] = [];
      for (let i = 0, row = 0, t = 0; i < n; i++) {
        row += 1 + Math.floor(r() * 5);
        if (r() < 0.3) t += Math.floor(r() * 50);
        rows.push(row);
        times.push(t);
      }
      const p = series(values, rows, times);
      const xs = r() < 0.5 ? p.rows : p.times;
      const lastX = xs[n - 1];
      const from = Math.floor(r() * lastX * 0.6) - 5;
      const to = from + Math.floor(r() * lastX);
      const width = 1 + Math.floor(r() * 300);
      expect(decimate(p, xs, from, to, width), `trial ${trial}`).toEqual(bruteForce(p, xs, from, to, width));
    }
  });

  it('gives the neighbours outside a range that holds no point, and nothing for an empty series', () => {
    const p = series([1, 2, 3], [0, 10, 20]);
    expect(decimate(p, p.rows, 12, 18, 100)).toEqual([1, 2]);
    expect(decimate(p, p.rows, 30, 40, 100)).toEqual([2]);
    expect(decimate(new SeriesPoints(), new Uint32Array(0), 0, 10, 100)).toEqual([]);
    expect(decimate(p, p.rows, 10, 10, 100)).toEqual([0, 1, 2]);
  });

  it('draws ten million points as 2 × width points', () => {
    const p = new SeriesPoints();
    const r = rng(1);
    for (let i = 0; i < 10_000_000; i++) p.push(i, i >>> 4, Math.sin(i / 1e5) + r());
    const width = 1000;
    const t0 = performance.now();
    const kept = decimate(p, p.rows, 0, p.n - 1, width);
    const ms = performance.now() - t0;
    expect(kept).toHaveLength(2 * width);
    // Spot-check some columns against a scan of their points.
    for (const c of [0, 1, 499, 998, 999]) {
      const a = c * 10_000;
      let lo = a;
      let hi = a;
      for (let i = a; i < a + 10_000; i++) {
        if (p.values[i] < p.values[lo]) lo = i;
        if (p.values[i] > p.values[hi]) hi = i;
      }
      expect(kept.slice(2 * c, 2 * c + 2)).toEqual([Math.min(lo, hi), Math.max(lo, hi)]);
    }
    // The blocks mean far less work than reading every point (a loose bound for a busy machine).
    expect(ms).toBeLessThan(250);
    const byTime = decimate(p, p.times, 0, p.times[p.n - 1], width);
    expect(byTime.length).toBeLessThanOrEqual(2 * width);
  });
});
