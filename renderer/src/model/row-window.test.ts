import { describe, expect, it } from 'vitest';
import type { Row } from '../../../shared/types.ts';
import { RowWindow } from './row-window.ts';

const row = (index: number, text = `line ${index}`, open = false): Row =>
  ({ index, kind: 'out', text, time: 1000 + index, cont: false, open });
const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => row(from + k));

describe('RowWindow', () => {
  it('serves the tail from rows events', () => {
    const w = new RowWindow();
    w.applyRows(1000, 800, rows(800, 1000));
    expect(w.get(999)?.text).toBe('line 999');
    expect(w.get(800)?.index).toBe(800);
    expect(w.get(799)).toBeUndefined();
    expect(w.last()?.index).toBe(999);
    expect(w.need(950, 1000, 50, 5000)).toBeNull();
  });

  it('asks for a widened range once, then serves it', () => {
    const w = new RowWindow();
    w.applyRows(10_000_000, 9_999_800, rows(9_999_800, 10_000_000));
    const req = w.need(4_000_000, 4_000_040, 100, 5000);
    expect(req).toEqual({ from: 3_999_900, to: 4_000_140 });
    expect(w.need(4_000_000, 4_000_040, 100, 5000)).toBeNull();
    w.fill(req!.from, rows(req!.from, req!.to), 10_000_000);
    expect(w.get(4_000_010)?.text).toBe('line 4000010');
    expect(w.need(4_000_050, 4_000_090, 100, 5000)).toBeNull();
    expect(w.held()).toBe(200 + 240);
  });

  it('keeps requests within the per-request limit and the row count', () => {
    const w = new RowWindow();
    w.applyRows(100, 100, []);
    expect(w.need(0, 30, 100, 5000)).toEqual({ from: 0, to: 100 });
    const big = new RowWindow();
    big.applyRows(1_000_000, 1_000_000, []);
    const r = big.need(500_000, 500_050, 10_000, 5000)!;
    expect(r.to - r.from).toBeLessThanOrEqual(5000);
    expect(r.from).toBeLessThanOrEqual(500_000);
    expect(r.to).toBeGreaterThanOrEqual(500_050);
  });

  it('drops fetched rows that changed (an open prompt row that grew)', () => {
    const w = new RowWindow();
    w.applyRows(10, 10, []);
    w.fill(0, [...rows(0, 9), row(9, 'Name? ', true)], 10);
    expect(w.get(9)?.open).toBe(true);
    w.applyRows(10, 9, []);
    expect(w.get(9)).toBeUndefined();
    expect(w.get(8)?.index).toBe(8);
    expect(w.need(0, 10, 0, 5000)).toEqual({ from: 0, to: 10 });
  });

  it('asks again after a failed request is forgotten', () => {
    const w = new RowWindow();
    w.applyRows(1000, 1000, []);
    expect(w.need(0, 10, 0, 5000)).not.toBeNull();
    expect(w.need(0, 10, 0, 5000)).toBeNull();
    w.forget();
    expect(w.need(0, 10, 0, 5000)).not.toBeNull();
  });

  it('keeps earlier tail rows when an event carries only the changed ones', () => {
    const w = new RowWindow();
    w.applyRows(300, 0, rows(100, 300));
    w.applyRows(300, 299, [row(299, 'Name? ', true)]);
    expect(w.get(150)?.text).toBe('line 150');
    expect(w.get(299)?.text).toBe('Name? ');
    w.applyRows(301, 299, [row(299, 'Name? x'), row(300)]);
    expect(w.get(299)?.text).toBe('Name? x');
    expect(w.get(101)?.index).toBe(101);
  });

  it('bounds the kept tail and drops rows that changed before the new tail', () => {
    const w = new RowWindow();
    w.applyRows(300, 0, rows(100, 300));
    w.applyRows(500, 300, rows(300, 500), 250);
    expect(w.held()).toBe(250);
    expect(w.get(249)).toBeUndefined();
    expect(w.get(250)?.index).toBe(250);
    w.applyRows(500, 400, rows(450, 500), 250);
    expect(w.get(420)).toBeUndefined();
    expect(w.get(460)?.index).toBe(460);
  });
});
