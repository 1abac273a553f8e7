import { describe, expect, it } from 'vitest';
import type { Row } from '../../../shared/types.ts';
import { RowWindow, type FetchLimits } from './row-window.ts';

const row = (index: number, text = `line ${index}`, open = false): Row =>
  ({ index, kind: 'out', text, time: 1000 + index, cont: false, open });
const rows = (from: number, to: number, text?: (i: number) => string) =>
  Array.from({ length: to - from }, (_, k) => row(from + k, text?.(from + k)));
const limits = (margin: number, maxRows = 5000, maxChars = 1e9): FetchLimits => ({ margin, maxRows, maxChars });

describe('RowWindow', () => {
  it('asks for no margin while following the live end: the tail holds what is on screen', () => {
    const w = new RowWindow();
    for (let end = 10_000; end <= 50_000; end += 10_000) {
      w.applyRows(end, end - 200, rows(end - 200, end));
      // The viewport lags a frame behind the count during a flood; neither asks for rows.
      expect(w.need(end - 40, end, limits(300))).toBeNull();
      expect(w.need(end - 1000 - 40, end - 1000, limits(300))).not.toBeNull();
      w.fill(end - 1040, [], end);
    }
  });

  it('serves the tail from rows events', () => {
    const w = new RowWindow();
    w.applyRows(1000, 800, rows(800, 1000));
    expect(w.get(999)?.text).toBe('line 999');
    expect(w.get(800)?.index).toBe(800);
    expect(w.get(799)).toBeUndefined();
    expect(w.last()?.index).toBe(999);
    expect(w.need(950, 1000, limits(50))).toBeNull();
  });

  it('asks for the rows on screen and those just above in one request, then serves them', () => {
    const w = new RowWindow();
    w.applyRows(10_000_000, 9_999_800, rows(9_999_800, 10_000_000));
    const req = w.need(4_000_000, 4_000_040, limits(100));
    expect(req).toEqual({ from: 3_999_900, to: 3_999_900 + 5000 });
    // One request at a time.
    expect(w.need(4_000_000, 4_000_040, limits(100))).toBeNull();
    w.fill(req!.from, rows(req!.from, req!.to), 10_000_000);
    expect(w.get(4_000_010)?.text).toBe('line 4000010');
    expect(w.need(4_000_050, 4_000_090, limits(100))).toBeNull();
    expect(w.held()).toBe(200 + 5000);
  });

  it('keeps requests within the per-request limit and the row count', () => {
    const w = new RowWindow();
    w.applyRows(100, 100, []);
    expect(w.need(0, 30, limits(100))).toEqual({ from: 0, to: 100 });
    const big = new RowWindow();
    big.applyRows(1_000_000, 1_000_000, []);
    const r = big.need(500_000, 500_050, limits(10_000))!;
    expect(r.to - r.from).toBeLessThanOrEqual(5000);
    expect(r.from).toBe(500_000);
  });

  it('asks for fewer rows at a time when rows are long', () => {
    const w = new RowWindow();
    const long = (i: number) => `${i}:`.padEnd(65_536, '\0');
    w.applyRows(10_000, 9_996, rows(9_996, 10_000, long));
    const req = w.need(0, 40, limits(300, 5000, 256 * 1024))!;
    expect(req.from).toBe(0);
    expect(req.to - req.from).toBe(4);
    w.fill(0, rows(0, 4, long), 10_000);
    expect(w.need(0, 40, limits(300, 5000, 256 * 1024))).toEqual({ from: 4, to: 8 });
  });

  it('carries on where a shortened reply stopped, until the screen is covered', () => {
    const w = new RowWindow();
    w.applyRows(100_000, 100_000, []);
    let requests = 0;
    for (let req = w.need(5000, 5040, limits(20)); req; req = w.need(5000, 5040, limits(20))) {
      requests++;
      // The core brings back at most 7 rows each time.
      w.fill(req.from, rows(req.from, Math.min(req.to, req.from + 7)), 100_000);
      expect(requests).toBeLessThan(100);
    }
    for (let i = 4980; i < 5060; i++) expect(w.get(i)?.index).toBe(i);
  });

  it('fetches rows above the screen starting from the first one missing (scrolling up)', () => {
    const w = new RowWindow();
    w.applyRows(100_000, 100_000, []);
    w.fill(w.need(5000, 5040, limits(0))!.from, rows(5000, 5040), 100_000);
    const up = w.need(4990, 5030, limits(0))!;
    expect(up.from).toBe(4990);
    w.fill(up.from, rows(4990, 4995), 100_000);
    expect(w.need(4990, 5030, limits(0))!.from).toBe(4995);
  });

  it('does not ask again for a range that came back empty until the session grows', () => {
    const w = new RowWindow();
    w.applyRows(100, 100, []);
    const req = w.need(0, 10, limits(0))!;
    w.fill(req.from, [], 100);
    expect(w.need(0, 10, limits(0))).toBeNull();
    w.applyRows(101, 100, [row(100)]);
    expect(w.need(0, 10, limits(0))).not.toBeNull();
  });

  it('drops fetched rows that changed (an open prompt row that grew), and stale rows of a reply in flight', () => {
    const w = new RowWindow();
    w.applyRows(10, 10, []);
    w.need(0, 10, limits(0));
    w.fill(0, [...rows(0, 9), row(9, 'Name? ', true)], 10);
    expect(w.get(9)?.open).toBe(true);
    w.applyRows(10, 9, []);
    expect(w.get(9)).toBeUndefined();
    expect(w.get(8)?.index).toBe(8);
    const again = w.need(0, 10, limits(0))!;
    expect(again).toEqual({ from: 9, to: 10 });
    // The row changes again while the request is on its way: its old text is not kept.
    w.applyRows(10, 9, []);
    w.fill(again.from, [row(9, 'Name? a', true)], 10);
    expect(w.get(9)).toBeUndefined();
  });

  it('asks again after a failed request is forgotten', () => {
    const w = new RowWindow();
    w.applyRows(1000, 1000, []);
    expect(w.need(0, 10, limits(0))).not.toBeNull();
    expect(w.need(0, 10, limits(0))).toBeNull();
    w.forget();
    expect(w.need(0, 10, limits(0))).not.toBeNull();
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

  it('keeps the row objects of rows an event repeats unchanged', () => {
    const w = new RowWindow();
    w.applyRows(200, 0, rows(0, 200));
    const before = w.get(150);
    w.applyRows(201, 200, rows(1, 201));
    expect(w.get(150)).toBe(before);
    expect(w.get(200)?.text).toBe('line 200');
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

  it('holds a bounded amount of text whatever the rows', () => {
    const w = new RowWindow();
    const long = () => 'x'.repeat(65_536);
    for (let k = 0; k < 50; k++) w.applyRows(4 * (k + 1), 4 * k, rows(4 * k, 4 * (k + 1), long));
    expect(w.heldChars()).toBeLessThanOrEqual(512 * 1024 + 4 * 65_536);
    const total = 100_000;
    w.applyRows(total, total, []);
    for (let at = 0; at < 2000; at += 40) {
      const req = w.need(at, at + 40, limits(0, 5000, 256 * 1024));
      if (req) w.fill(req.from, rows(req.from, req.to, long), total);
    }
    expect(w.heldChars()).toBeLessThanOrEqual(3 * 1024 * 1024);
  });

  it('keeps every row on screen even when they hold more text than the bound (a tall window of long rows)', () => {
    const w = new RowWindow();
    const long = () => 'x'.repeat(65_536);
    w.applyRows(10_000, 10_000, []);
    let requests = 0;
    for (let req = w.need(100, 200, limits(0, 5000, 64 * 1024)); req; req = w.need(100, 200, limits(0, 5000, 64 * 1024))) {
      w.fill(req.from, rows(req.from, req.to, long), 10_000);
      expect(++requests).toBeLessThan(300);
    }
    for (let i = 100; i < 200; i++) expect(w.get(i)?.index).toBe(i);
    expect(w.heldChars()).toBeGreaterThan(2 * 1024 * 1024);
  });
});
