import { describe, expect, it } from 'vitest';
import type { Row } from '../../../shared/types.ts';
import { planDraw } from './draw-budget.ts';
import { cachedRowView } from './row-view.ts';

const row = (index: number, text = `line ${index}`): Row => ({ index, kind: 'out', text, time: 0, cont: false, open: false });
const bomb = (n: number) => Array.from({ length: n }, (_, k) => `\x1b[${31 + (k % 7)}m${String.fromCharCode(97 + (k % 26))}`).join('');

describe('planDraw', () => {
  it('draws every ordinary row at once', () => {
    const rows = Array.from({ length: 40 }, (_, i) => row(i));
    const plan = planDraw(rows, new Set(), { parseMs: 8, newSpans: 2500 });
    expect(plan.deferred).toBe(false);
    expect(plan.views.every((v) => v !== undefined)).toBe(true);
  });

  it('leaves rows past the parsing time for later frames, but always draws one', () => {
    let t = 0;
    // Each reading of the clock is 5 ms later: the third row is past an 8 ms budget.
    const clock = () => (t += 5);
    const rows = Array.from({ length: 6 }, (_, i) => row(i, `slow ${i}`));
    const plan = planDraw(rows, new Set(), { parseMs: 8, newSpans: 2500 }, clock);
    expect(plan.views.filter(Boolean).length).toBeGreaterThanOrEqual(1);
    expect(plan.views.filter(Boolean).length).toBeLessThan(6);
    expect(plan.deferred).toBe(true);
    expect(cachedRowView(rows[5])).toBeUndefined();
  });

  it('bounds the spans new rows add to the page; rows already there are free', () => {
    const rows = Array.from({ length: 40 }, (_, i) => row(i, bomb(400)));
    const first = planDraw(rows, new Set(), { parseMs: 1e9, newSpans: 1000 });
    const drawn = first.views.filter(Boolean).length;
    expect(drawn).toBeGreaterThan(0);
    expect(drawn).toBeLessThan(10);
    const onScreen = new Set(rows.filter((_, i) => first.views[i]));
    const second = planDraw(rows, onScreen, { parseMs: 1e9, newSpans: 1000 });
    expect(second.views.filter(Boolean).length).toBeGreaterThan(drawn);
  });

  it('bounds the characters new rows add to the page', () => {
    const rows = Array.from({ length: 40 }, (_, i) => row(i, 'x'.repeat(60_000)));
    const plan = planDraw(rows, new Set(), { parseMs: 1e9, newSpans: 1000, newChars: 200_000 });
    expect(plan.views.filter(Boolean).length).toBe(4);
    expect(plan.deferred).toBe(true);
    const one = planDraw(rows.slice(0, 1), new Set(), { parseMs: 1e9, newSpans: 1000, newChars: 10 });
    expect(one.views.filter(Boolean).length).toBe(1);
  });

  it('a spent budget (a re-draw in the same frame) keeps the rows on screen and adds none', () => {
    const rows = Array.from({ length: 6 }, (_, i) => row(i, 'x'.repeat(16_384)));
    const first = planDraw(rows, new Set(), { parseMs: 1e9, newSpans: 600, newChars: 16_384 });
    expect(first.views.map(Boolean)).toEqual([true, false, false, false, false, false]);
    const again = planDraw(rows, new Set([rows[0]]), { parseMs: 0, newSpans: 0, newChars: 0 });
    expect(again.views.map(Boolean)).toEqual([true, false, false, false, false, false]);
    expect(again.deferred).toBe(true);
    // With nothing on screen yet, one row is still drawn, so every frame makes progress.
    const fresh = planDraw(rows.slice(1), new Set(), { parseMs: 0, newSpans: 0, newChars: 0 });
    expect(fresh.views.map(Boolean)).toEqual([true, false, false, false, false]);
  });

  it('rows not held are left out without counting as waiting', () => {
    const plan = planDraw([undefined, row(1), undefined], new Set(), { parseMs: 8, newSpans: 2500 });
    expect(plan.views.map(Boolean)).toEqual([false, true, false]);
    expect(plan.deferred).toBe(false);
  });
});
