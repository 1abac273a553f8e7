import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { codecFor } from '../encoding.ts';
import { RowStore } from '../row-store.ts';
import { PREVIEW_BEHIND } from './plot-index.ts';
import { MAX_INDEXES, PatternError, PlotManager } from './plot-manager.ts';

const dirs: string[] = [];
const managers: PlotManager[] = [];
afterEach(() => {
  for (const m of managers.splice(0)) m.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function setup(count = 1) {
  const stores = new Map<number, RowStore>();
  for (let id = 1; id <= count; id++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'porthole-plot-'));
    dirs.push(dir);
    stores.set(id, new RowStore({ dir, startedAt: 1_000_000, codec: codecFor('utf-8'), maxLineBytes: 64 * 1024 }));
  }
  const sources = new Map([...stores].map(([id, store]) => [id, { id, store }]));
  const m = new PlotManager((id) => {
    const s = sources.get(id);
    if (!s) throw new Error(`there is no session ${id}`);
    return s;
  });
  managers.push(m);
  return { m, store: stores.get(1)!, stores };
}

const say = (s: RowStore, text: string, time = 1_000_500, kind: 'out' | 'err' | 'sent' = 'out') => s.append(kind, Buffer.from(text), time);

async function caughtUp(m: PlotManager, id: number) {
  for (let i = 0; i < 500; i++) {
    const r = m.series({ id });
    if (r.scanned >= r.count) return r;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('never caught up');
}

describe('plot manager', () => {
  it('reads the script rows of a session into series, each point keeping its row and time', () => {
    const { m, store } = setup();
    say(store, 't=1 temp=20.5 hum=40\n', 1_000_100);
    say(store, 'no numbers here\n', 1_000_200);
    say(store, 'typed=5\n', 1_000_250, 'sent');
    store.note('connected');
    say(store, 't=2 temp=21 hum=41\n', 1_000_300, 'err');
    say(store, 't=3 temp=', 1_000_400);
    const r = m.series({ id: 1 });
    expect(r.series).toEqual([{ name: 't', points: 2 }, { name: 'temp', points: 2 }, { name: 'hum', points: 2 }]);
    // The unfinished last row is read once it ends.
    expect(r.scanned).toBe(5);
    expect(r.count).toBe(6);
    const d = m.data({ id: 1, series: ['temp', 'nope'], xMode: 'row', width: 100 });
    expect(d.lines).toEqual([{ name: 'temp', x: [0, 4], y: [20.5, 21], row: [0, 4], last: { x: 4, y: 21, row: 4 } }]);
    expect([d.xMin, d.xMax, d.from, d.to]).toEqual([0, 4, 0, 4]);
    const byTime = m.data({ id: 1, series: ['temp'], xMode: 'time', width: 100 });
    expect(byTime.lines[0].x).toEqual([1_000_100, 1_000_300]);
    expect(byTime.lines[0].row).toEqual([0, 4]);
    say(store, '22 hum=42\n', 1_000_500);
    expect(m.data({ id: 1, series: ['temp'], xMode: 'row', width: 100 }).lines[0].y).toEqual([20.5, 21, 22]);
  });

  it('decimates a zoomed range, with the neighbours outside it', () => {
    const { m, store } = setup();
    say(store, Array.from({ length: 1000 }, (_, i) => `v=${i % 10}\n`).join(''));
    const d = m.data({ id: 1, series: ['v'], xMode: 'row', from: 100, to: 199, width: 10 });
    expect(d.lines[0].row[0]).toBe(99);
    expect(d.lines[0].row.at(-1)).toBe(200);
    // Ten rows a column, values 0..9: each column keeps its 0 and its 9.
    expect(d.lines[0].y).toEqual([9, ...Array.from({ length: 10 }, () => [0, 9]).flat(), 0]);
  });

  it('catches up on a large session in slices, without holding the event loop', async () => {
    const { m, store } = setup();
    const rows = 300_000;
    for (let i = 0; i < rows; i += 10_000) {
      say(store, Array.from({ length: 10_000 }, (_, k) => `${i + k},${(i + k) % 7}\n`).join(''));
    }
    const first = m.series({ id: 1 });
    // The first request reads for a few milliseconds (a preview, or the first rows): some points, not all.
    expect(first.series.some((s) => s.points > 0)).toBe(true);
    expect(first.scanned).toBeLessThan(rows);
    // The event loop keeps turning while the rest is read.
    let longest = 0;
    let last = performance.now();
    const probe = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 1);
    const done = await caughtUp(m, 1);
    clearInterval(probe);
    expect(done.series).toEqual([{ name: 'col1', points: rows }, { name: 'col2', points: rows }]);
    expect(longest).toBeLessThan(100);
    const d = m.data({ id: 1, series: ['col1', 'col2'], xMode: 'row', width: 500 });
    expect(d.lines[0].x.length).toBeLessThanOrEqual(1000);
    expect(d.lines[0].y[0]).toBe(0);
    expect(d.lines[0].y.at(-1)).toBe(rows - 1);
  });

  it('reads with the person\'s pattern, and refuses one that names no group', () => {
    const { m, store } = setup();
    say(store, 'epoch 1 loss 0.5 x=9\nepoch 2 loss 0.25\n');
    expect(m.series({ id: 1 }).series.map((s) => s.name)).toEqual(['x']);
    const r = m.setPattern({ id: 1, pattern: String.raw`epoch (?<epoch>\d+) loss (?<loss>\S+)` });
    expect(r.pattern).not.toBe('');
    expect(r.series).toEqual([{ name: 'epoch', points: 2 }, { name: 'loss', points: 2 }]);
    expect(() => m.setPattern({ id: 1, pattern: String.raw`loss (\S+)` })).toThrow(PatternError);
    expect(m.series({ id: 1 }).series.map((s) => s.name)).toEqual(['epoch', 'loss']);
    expect(m.setPattern({ id: 1, pattern: '' }).series.map((s) => s.name)).toEqual(['x']);
  });

  it('reads again from the start when the encoding changes', () => {
    const { m, store } = setup();
    store.append('out', Buffer.from([0x74, 0xe9, 0x3d, 0x31, 0x0a])); // "té=1" in Latin-1
    expect(m.series({ id: 1 }).series).toEqual([]);
    store.codec = codecFor('latin1');
    // "é" is not a name character; "=1" after it is not a pair either way, but the rows were read again.
    const r = m.series({ id: 1 });
    expect(r.scanned).toBe(1);
  });

  it('writes CSV merged by row across series, in pages, from a row on', async () => {
    const { m, store } = setup();
    say(store, 'a=1 b=2\nb=3\na=4\n', 1_000_000 + 1500);
    const page = m.csv({ id: 1, columns: ['a', '', 'b'], fromRow: 0 });
    expect(page).toEqual({
      text: '1,0,1970-01-01T00:16:41.500Z,1,,2\n1,1,1970-01-01T00:16:41.500Z,,,3\n1,2,1970-01-01T00:16:41.500Z,4,,\n',
      next: -1,
    });
    expect(m.csv({ id: 1, columns: ['a'], fromRow: 1 }).text).toBe('1,2,1970-01-01T00:16:41.500Z,4\n');
    say(store, Array.from({ length: 100_000 }, (_, i) => `a=${i}.123456789\n`).join(''));
    await caughtUp(m, 1);
    let lines = 0;
    let next = 0;
    let pages = 0;
    while (next >= 0) {
      const p = m.csv({ id: 1, columns: ['a'], fromRow: next });
      expect(p.text.length).toBeLessThan(1.1 * 1024 * 1024);
      lines += p.text.split('\n').length - 1;
      next = p.next;
      pages++;
    }
    expect(lines).toBe(100_002);
    expect(pages).toBeGreaterThan(1);
  });

  it('keeps at most a few indexes, and says which session is missing', () => {
    const { m, stores } = setup(MAX_INDEXES + 2);
    for (const s of stores.values()) say(s, 'x=1\n');
    for (const id of stores.keys()) expect(m.series({ id }).series).toEqual([{ name: 'x', points: 1 }]);
    expect((m as unknown as { indexes: Map<number, unknown> }).indexes.size).toBe(MAX_INDEXES);
    expect(() => m.series({ id: 99 })).toThrow('there is no session 99');
  });

  it('shows the full range of a long session from a preview at once, then the same data once every row is read', async () => {
    const { m, store } = setup();
    const n = PREVIEW_BEHIND + 100_000;
    let chunk = '';
    for (let i = 0; i < n; i++) {
      chunk += `i=${i} v=${(i % 1000) - 500}\n`;
      if (chunk.length > 60_000) {
        say(store, chunk, 1_000_000 + i);
        chunk = '';
      }
    }
    say(store, chunk, 1_000_000 + n);
    // Requests read for a few milliseconds each, a preview spread over every row first:
    // the full range shows long before every row is read.
    let first = m.data({ id: 1, series: ['v'], xMode: 'row', width: 500 });
    for (let k = 0; k < 200 && !(first.xMax !== null && first.xMax > n - 100); k++) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      first = m.data({ id: 1, series: ['v'], xMode: 'row', width: 500 });
    }
    expect(first.scanned).toBeLessThan(n / 2);
    expect(first.xMin).toBe(0);
    expect(first.xMax).toBeGreaterThan(n - 100);
    const line = first.lines[0];
    expect(line.row.length).toBeGreaterThan(500);
    for (let k = 1; k < line.row.length; k++) expect(line.row[k]).toBeGreaterThan(line.row[k - 1]);
    // Every point is the row's own value.
    for (let k = 0; k < line.row.length; k++) expect(line.y[k]).toBe((line.row[k] % 1000) - 500);
    const done = await caughtUp(m, 1);
    expect(done.series).toEqual([{ name: 'i', points: n }, { name: 'v', points: n }]);
    const full = m.data({ id: 1, series: ['v'], xMode: 'row', width: 500 });
    expect([full.xMin, full.xMax]).toEqual([0, n - 1]);
    expect(Math.min(...full.lines[0].y)).toBe(-500);
    expect(Math.max(...full.lines[0].y)).toBe(499);
  });
});

