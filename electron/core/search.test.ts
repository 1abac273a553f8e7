import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codecFor } from './encoding.ts';
import { RowStore } from './row-store.ts';
import { planSearch, Search } from './search.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'porthole-search-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(store: RowStore, query: string, regex = false, caseSensitive = true): Promise<Search> {
  return new Promise((resolve) => {
    void new Search(1, 1, planSearch({ id: 1, query, regex, caseSensitive }, store, dir), (x) => {
      if (x.progress.done) resolve(x);
    });
  });
}

describe('search over a large session, split across workers', () => {
  const store = new RowStore({ dir, startedAt: Date.now(), codec: codecFor('utf-8'), maxLineBytes: 64 * 1024 });
  let hitRows = 0;
  const sentRows: number[] = [];
  for (let c = 0; c < 12; c++) {
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const n = c * 100_000 + i;
      if (n % 11 === 0) hitRows++;
      lines.push(`row ${n} ${n % 11 === 0 ? 'HIT hit' : 'no'}`);
    }
    store.append('out', Buffer.from(lines.join('\n') + '\n'));
    if (c % 3 === 0) {
      sentRows.push(store.count);
      store.append('sent', Buffer.from('HIT from the person\n'));
    }
  }

  it('uses more than one worker when there are cores for them', () => {
    expect(planSearch({ id: 1, query: 'x', regex: false, caseSensitive: true }, store, dir).length).toBe(Math.min(os.availableParallelism(), 3));
  });

  it('counts a literal in every stream, exactly', async () => {
    const s = await run(store, 'HIT');
    expect(s.progress).toMatchObject({ matches: hitRows + sentRows.length, rows: hitRows + sentRows.length, done: true });
    expect(s.seek(-1, 1)).toEqual({ row: 0, ordinal: 1 });
    expect(s.seek(store.count, -1).ordinal).toBe(hitRows + sentRows.length);
    // The sent rows are found among the script's.
    expect(s.seek(sentRows[1] - 1, 1)).toMatchObject({ row: sentRows[1] });
  });

  it('case-insensitive counts every occurrence on a row', async () => {
    const s = await run(store, 'hit', false, false);
    expect(s.progress.matches).toBe(hitRows * 2 + sentRows.length);
    expect(s.progress.rows).toBe(hitRows + sentRows.length);
  });

  it('regex', async () => {
    const s = await run(store, '^row \\d*77 ', true);
    let expected = 0;
    for (let n = 0; n < 1_200_000; n++) if (String(n).endsWith('77')) expected++;
    expect(s.progress.matches).toBe(expected);
  });

  it('wraps around when seeking', async () => {
    const s = await run(store, 'row 1199999 ');
    expect(s.progress.matches).toBe(1);
    const only = s.seek(0, 1).row;
    expect(s.seek(only, 1).row).toBe(only);
    expect(s.seek(only, -1).row).toBe(only);
  });

  it('rejects an invalid regular expression with a message', () => {
    expect(() => planSearch({ id: 1, query: '(', regex: true, caseSensitive: true }, store, dir)).toThrow(/invalid regular expression/);
    expect(() => planSearch({ id: 1, query: '', regex: false, caseSensitive: true }, store, dir)).toThrow(/nothing to search/);
  });
});
