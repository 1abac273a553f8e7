import { describe, expect, it } from 'vitest';
import { clampTopVar, estimateLines, maxTopVar, moveByPx, revealTopVar, RowHeights, visibleRangeVar, type HeightOf } from './row-heights.ts';
import { maxTop, thumbOffset, thumbSize, topFromThumb, visibleRange } from './scroll-math.ts';

const fixed = (px: number): HeightOf => () => px;
/** Every tenth row is five lines of 20 px, the others one. */
const tallTenth: HeightOf = (i) => (i % 10 === 0 ? 100 : 20);

describe('variable row heights', () => {
  it.each([
    // count, viewPx, heights, expected maxTop
    [0, 400, fixed(20), 0],
    [10, 400, fixed(20), 0],
    [100, 400, fixed(20), 80],
    [10_000_000, 410, fixed(20), 10_000_000 - 20.5],
    [100, 400, tallTenth, 84], // 9 × 20 + 100 + 6 × 20 = 400 px: rows 84..99 fill the view exactly
    [5, 100, (i: number) => (i === 4 ? 300 : 20), 4 + 200 / 300],
  ])('maxTopVar(count %d, view %d)', (count, view, h, expected) => {
    expect(maxTopVar(count, view, h)).toBeCloseTo(expected, 9);
  });

  it('matches the fixed-height arithmetic when every row is one line', () => {
    for (const [count, view] of [[1000, 400], [10_000_000, 777], [3, 400]] as const) {
      expect(maxTopVar(count, view, fixed(20))).toBeCloseTo(maxTop(count, view / 20), 9);
      const top = clampTopVar(count / 3 + 0.25, count, view, fixed(20));
      const a = visibleRangeVar(top, view, count, fixed(20), 4);
      const b = visibleRange(top, view / 20, count, 20, 4);
      expect([a.first, a.end, a.shiftPx]).toEqual([b.first, b.end, b.shiftPx]);
    }
  });

  it.each([
    // top, dPx, expected: pixels cross rows of their own heights
    [0, 20, 0.2], // row 0 is 100 px
    [0, 10, 0.1],
    [0, 110, 1.5],
    [1, -30, 0.7], // back into the 100 px row 0
    [0, -50, 0],
    [10.5, 50, 11],
    [95, 1_000_000, maxTopVar(100, 400, tallTenth)],
  ])('moveByPx(%d, %d px) over tall rows', (top, d, expected) => {
    expect(moveByPx(top, d, 100, 400, tallTenth, 20)).toBeCloseTo(expected, 9);
  });

  it('long moves stay bounded in cost and exact for one-line rows', () => {
    let calls = 0;
    const counted: HeightOf = () => {
      calls++;
      return 20;
    };
    expect(moveByPx(0, 20 * 5_000_000, 10_000_000, 400, counted, 20)).toBe(5_000_000);
    expect(calls).toBeLessThan(10_000);
    calls = 0;
    expect(moveByPx(9_000_000.5, -20 * 3_000_000, 10_000_000, 400, counted, 20)).toBeCloseTo(6_000_000.5, 6);
    expect(calls).toBeLessThan(10_000);
  });

  it('draws a screenful plus the overscan, and names the rows in view', () => {
    const r = visibleRangeVar(20.5, 400, 100, tallTenth, 2);
    // Row 20 is 100 px, half above: 50 px of it, then rows 21..29 (180 px), row 30 (100), 31..34 (80: 410 ≥ 400).
    expect(r).toEqual({ first: 18, end: 37, shiftPx: 20 + 20 + 50, firstSeen: 20, lastSeen: 34 });
    expect(visibleRangeVar(0, 400, 0, tallTenth, 2)).toEqual({ first: 0, end: 0, shiftPx: 0, firstSeen: 0, lastSeen: -1 });
  });

  it.each([
    // row, top, expected
    [25, 20, 20], // in view already
    [20, 20.5, 20 - 150 / 20 / 1], // half hidden: centred
    [60, 20, 60 - 150 / 20],
    [0, 50, 0],
  ])('revealTopVar(row %d from %d)', (row, top, expected) => {
    // Rows 60 and 20 are 100 px: centred, 150 px of 20 px rows above them.
    expect(revealTopVar(row, top, 400, 100, tallTenth, 20)).toBeCloseTo(expected, 9);
  });

  it('shows a row taller than the viewport from its top', () => {
    expect(revealTopVar(4, 0, 100, 5, (i) => (i === 4 ? 300 : 20), 20)).toBeCloseTo(4, 9);
  });

  it('keeps measurements per layout and within a bound', () => {
    const h = new RowHeights(100);
    h.setLayout('wrap|13|800');
    expect(h.set(5, 60)).toBe(true);
    expect(h.set(5, 60)).toBe(false);
    expect(h.get(5)).toBe(60);
    h.setLayout('wrap|13|800');
    expect(h.get(5)).toBe(60);
    h.setLayout('wrap|15|800');
    expect(h.get(5)).toBeUndefined();
    for (let i = 0; i < 1000; i++) h.set(i, 40);
    expect(h.size).toBeLessThanOrEqual(100);
    expect(h.get(999)).toBe(40);
    h.forgetFrom(950);
    expect(h.get(960)).toBeUndefined();
  });

  it.each([
    [100, 400, tallTenth],
    [10_000_000, 800, tallTenth],
    [5, 100, (i: number) => (i === 4 ? 300 : 20)],
  ])('the scrollbar, given count − maxTopVar rows a screen, spans 0 … maxTopVar (count %d)', (count, view, h) => {
    const last = maxTopVar(count, view, h);
    const viewRows = count - last;
    const track = 600;
    const size = thumbSize(track, count, viewRows);
    expect(size).toBeLessThan(track);
    expect(thumbOffset(last, track, size, count, viewRows)).toBeCloseTo(track - size, 6);
    expect(topFromThumb(track - size, track, size, count, viewRows)).toBeCloseTo(last, 6);
    expect(topFromThumb(0, track, size, count, viewRows)).toBe(0);
  });

  it.each([[0, 80, 1], [80, 80, 1], [81, 80, 2], [10_000, 100, 100], [5, 0, 1]])('estimateLines(%d chars, %d cols) = %d', (chars, cols, lines) => {
    expect(estimateLines(chars, cols)).toBe(lines);
  });
});
