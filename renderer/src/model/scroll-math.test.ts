import { describe, expect, it } from 'vitest';
import { atTail, clampTop, revealTop, thumbOffset, thumbSize, topFromThumb, visibleRange, wheelRows } from './scroll-math.ts';

describe('scroll math', () => {
  it.each([
    [-5, 100, 20, 0],
    [50, 100, 20, 50],
    [95, 100, 20, 80],
    [3, 10, 20, 0],
    [Number.NaN, 100, 20, 0],
  ])('clampTop(%d, count %d, view %d) = %d', (top, count, view, expected) => {
    expect(clampTop(top, count, view)).toBe(expected);
  });

  it.each([
    [0, 20, 10, 20, { first: 0, end: 10, shiftPx: 0 }],
    [100.5, 20, 10_000_000, 20, { first: 98, end: 123, shiftPx: 50 }],
    [9_999_980, 20, 10_000_000, 20, { first: 9_999_978, end: 10_000_000, shiftPx: 40 }],
  ])('visibleRange(top %d, view %d, count %d)', (top, view, count, px, expected) => {
    expect(visibleRange(top, view, count, px, 2)).toEqual(expected);
  });

  it('draws the same small number of rows at any length', () => {
    for (const count of [10, 1_000, 10_000_000]) {
      const r = visibleRange(clampTop(count / 2, count, 30), 30, count, 18, 3);
      expect(r.end - r.first).toBeLessThanOrEqual(37);
    }
  });

  it('keeps a usable thumb at ten million rows and maps it both ways', () => {
    const track = 600;
    const size = thumbSize(track, 10_000_000, 30);
    expect(size).toBe(24);
    expect(thumbSize(track, 10, 30)).toBe(track);
    const end = thumbOffset(10_000_000 - 30, track, size, 10_000_000, 30);
    expect(end).toBeCloseTo(track - size);
    expect(topFromThumb(track - size, track, size, 10_000_000, 30)).toBe(10_000_000 - 30);
    const mid = topFromThumb((track - size) / 2, track, size, 10_000_000, 30);
    expect(mid).toBeCloseTo((10_000_000 - 30) / 2);
    expect(thumbOffset(mid, track, size, 10_000_000, 30)).toBeCloseTo((track - size) / 2);
  });

  it.each([
    [100, 0, 20, 30, 5],
    [3, 1, 20, 30, 3],
    [1, 2, 20, 30, 29],
  ])('wheelRows(%d, mode %d)', (delta, mode, px, view, expected) => {
    expect(wheelRows(delta, mode, px, view)).toBe(expected);
  });

  it('reveals a row by centring it only when it is off screen', () => {
    expect(revealTop(105, 100, 1000, 20)).toBe(100);
    expect(revealTop(500, 100, 1000, 20)).toBe(490);
    expect(revealTop(995, 0, 1000, 20)).toBe(980);
  });

  it('knows when the view is at the tail', () => {
    expect(atTail(80, 100, 20)).toBe(true);
    expect(atTail(79.6, 100, 20)).toBe(true);
    expect(atTail(70, 100, 20)).toBe(false);
    expect(atTail(0, 5, 20)).toBe(true);
  });
});
