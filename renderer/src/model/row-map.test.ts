import { describe, expect, it } from 'vitest';
import type { Row } from '../../../shared/types.ts';
import { identityMap, offsetMap } from './row-map.ts';

const row = (index: number): Row => ({ index, kind: 'out', text: `r${index}`, time: 0, cont: false, open: false });
const win = { count: 10, get: (i: number) => (i >= 0 && i < 10 ? row(i) : undefined) };

describe('row maps', () => {
  it('the whole session: positions are row numbers', () => {
    const asked: [number, number][] = [];
    const m = identityMap(win, (a, b) => asked.push([a, b]));
    expect(m.count).toBe(10);
    expect(m.rowAt(3)).toBe(3);
    expect(m.rowAt(10)).toBe(-1);
    expect(m.posOf(7)).toBe(7);
    expect(m.get(2)?.text).toBe('r2');
    m.want(1, 4);
    expect(asked).toEqual([[1, 4]]);
  });

  it('a cleared view starts at the row count of that moment', () => {
    const asked: [number, number][] = [];
    const m = offsetMap('from:6', 6, win, (a, b) => asked.push([a, b]));
    expect(m.count).toBe(4);
    expect(m.rowAt(0)).toBe(6);
    expect(m.rowAt(4)).toBe(-1);
    expect(m.posOf(8)).toBe(2);
    expect(m.posOf(5)).toBe(-1);
    expect(m.get(1)?.text).toBe('r7');
    m.want(0, 4);
    expect(asked).toEqual([[6, 10]]);
  });
});
