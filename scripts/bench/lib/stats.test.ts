import { describe, expect, it } from 'vitest';
import { max, percentile } from './stats.ts';

describe('percentile (nearest rank)', () => {
  const cases: Array<[number[], number, number]> = [
    [[5], 50, 5],
    [[1, 2, 3, 4], 50, 2],
    [[4, 3, 2, 1], 100, 4],
    [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 95, 100],
    [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 90, 90],
    [[3, 1, 2], 0, 1],
    [[1, Infinity], 50, 1],
    [[1, Infinity], 99, Infinity],
  ];
  it.each(cases)('%j at p%d is %d', (samples, p, want) => {
    expect(percentile(samples, p)).toBe(want);
  });
  it('is NaN without samples and leaves the input unsorted', () => {
    expect(percentile([], 50)).toBeNaN();
    const s = [3, 1, 2];
    percentile(s, 50);
    expect(s).toEqual([3, 1, 2]);
  });
  it('max', () => {
    expect(max([2, 9, 4])).toBe(9);
    expect(max([])).toBeNaN();
  });
});
