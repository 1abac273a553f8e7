/**
 * Search over a whole session of a few thousand lines: literal, case-insensitive and
 * regular-expression counts checked against counts computed here, and seek
 * next/previous with wrap-around.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../shared/types.ts';
import { startCore, type TestCore } from './helpers/core.ts';
import { expectExit0, runPython } from './helpers/python.ts';
import { removeTempDirs } from './helpers/temp-dir.ts';

const LINES = 4000;

/** The same lines the Python client prints. */
function line(i: number): string {
  const word = i % 7 === 0 ? 'Alpha' : i % 5 === 0 ? 'alpha' : 'beta';
  const extra = i % 11 === 0 ? ' ALPHA-alpha' : '';
  return `item ${i} ${word} value=${(i * 37) % 1000}${extra}`;
}

let t: TestCore;
let sessionId: number;
let rows: Row[];

beforeAll(async () => {
  t = await startCore();
  const py = runPython(`
import sys
from socket import socket, AF_INET, SOCK_STREAM
sock = socket(AF_INET, SOCK_STREAM)
sock.connect(('127.0.0.1', int(sys.argv[1])))
sys.stdout = sock.makefile('w')
for i in range(${LINES}):
    word = 'Alpha' if i % 7 == 0 else 'alpha' if i % 5 == 0 else 'beta'
    extra = ' ALPHA-alpha' if i % 11 == 0 else ''
    print('item %d %s value=%d%s' % (i, word, (i * 37) % 1000, extra))
sys.stdout.flush()
`, [t.port]);
  await expectExit0(py);
  const s = await t.session((x) => x.origin === 'accepted');
  sessionId = s.id;
  rows = await t.rowsUntil(s.id, (r) => r.some((x) => x.text === 'script finished sending (EOF); it may have exited, so replies may not be read'));
});
afterAll(async () => {
  await t.close();
  removeTempDirs();
});

function expected(re: RegExp): { matches: number; rows: number[] } {
  const hit: number[] = [];
  let matches = 0;
  for (const r of rows) {
    if (r.kind === 'note') continue;
    const n = [...r.text.matchAll(re)].length;
    if (n) {
      hit.push(r.index);
      matches += n;
    }
  }
  return { matches, rows: hit };
}

async function search(query: string, regex: boolean, caseSensitive: boolean) {
  const { searchId } = await t.core.invoke('search:start', { id: sessionId, query, regex, caseSensitive });
  const done = await t.event('search', (e) => e.searchId === searchId && e.done);
  expect(done.error).toBeUndefined();
  expect(done.id).toBe(sessionId);
  return { searchId, matches: done.matches, rows: done.rows };
}

describe('search over a session', () => {
  it('the session holds every line', () => {
    expect(rows.filter((r) => r.kind === 'out').map((r) => r.text)).toEqual(Array.from({ length: LINES }, (_, i) => line(i)));
  });

  it.each([
    ['literal, case-sensitive', 'Alpha', false, true, /Alpha/g],
    ['literal, case-insensitive', 'aLPHa', false, false, /alpha/gi],
    ['literal with regex characters, taken literally', 'ALPHA-alpha', false, true, /ALPHA-alpha/g],
    ['regex, case-sensitive', String.raw`value=9\d7\b`, true, true, /value=9\d7\b/g],
    ['regex, case-insensitive', String.raw`^item \d+ alpha`, true, false, /^item \d+ alpha/gi],
  ])('%s', async (_name, query, regex, caseSensitive, re) => {
    const want = expected(re);
    expect(want.matches).toBeGreaterThan(10);
    const got = await search(query, regex, caseSensitive);
    expect({ matches: got.matches, rows: got.rows }).toEqual({ matches: want.matches, rows: want.rows.length });
  });

  it('seeks next and previous matches, wrapping at both ends, with ordinals', async () => {
    const want = expected(/ALPHA-alpha/g);
    const { searchId } = await search('ALPHA-alpha', false, true);
    const first = want.rows[0];
    const last = want.rows[want.rows.length - 1];
    expect(await t.core.invoke('search:seek', { searchId, row: -1, dir: 1 })).toEqual({ row: first, ordinal: 1 });
    expect(await t.core.invoke('search:seek', { searchId, row: first, dir: 1 })).toEqual({ row: want.rows[1], ordinal: 2 });
    // Walking forward through every match visits them all in order, then wraps.
    let at = -1;
    const visited: number[] = [];
    for (let i = 0; i < want.rows.length; i++) {
      at = (await t.core.invoke('search:seek', { searchId, row: at, dir: 1 })).row;
      visited.push(at);
    }
    expect(visited).toEqual(want.rows);
    expect(await t.core.invoke('search:seek', { searchId, row: last, dir: 1 })).toEqual({ row: first, ordinal: 1 });
    expect(await t.core.invoke('search:seek', { searchId, row: first, dir: -1 })).toEqual({ row: last, ordinal: want.rows.length });
    expect(await t.core.invoke('search:seek', { searchId, row: last, dir: -1 })).toEqual({ row: want.rows[want.rows.length - 2], ordinal: want.rows.length - 1 });
    // From between two matches.
    const mid = want.rows[5] + 1;
    expect(await t.core.invoke('search:seek', { searchId, row: mid, dir: 1 })).toEqual({ row: want.rows[6], ordinal: 7 });
    expect(await t.core.invoke('search:seek', { searchId, row: mid, dir: -1 })).toEqual({ row: want.rows[5], ordinal: 6 });
  });

  it('ordinals count every match before the row, including several on one row', async () => {
    const want = expected(/alpha/gi);
    const { searchId } = await search('alpha', false, false);
    const target = want.rows[20];
    const before = rows.filter((r) => r.kind !== 'note' && r.index < target).reduce((n, r) => n + [...r.text.matchAll(/alpha/gi)].length, 0);
    expect(await t.core.invoke('search:seek', { searchId, row: target - 1, dir: 1 })).toEqual({ row: target, ordinal: before + 1 });
  });

  it('no match, a bad regular expression and an empty query', async () => {
    const none = await search('no such text', false, true);
    expect(none).toMatchObject({ matches: 0, rows: 0 });
    expect(await t.core.invoke('search:seek', { searchId: none.searchId, row: 0, dir: 1 })).toEqual({ row: -1, ordinal: 0 });
    await expect(t.core.invoke('search:start', { id: sessionId, query: '(unclosed', regex: true, caseSensitive: true })).rejects.toThrow(/invalid regular expression/);
    await expect(t.core.invoke('search:start', { id: sessionId, query: '', regex: false, caseSensitive: true })).rejects.toThrow(/nothing to search for/);
  });
});
