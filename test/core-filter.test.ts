/**
 * The filter over a whole session and rows' exact bytes, against a real core and real
 * Python clients: literal, regex, case, invert and kinds checked against a plain
 * reference over every row; rows arriving while a filter is active; paging bounds;
 * cancel releasing the filter; and bytes as received (invalid UTF-8, split characters,
 * NUL, ESC, CR, a line continued over 64 KiB rows, sent bytes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row, RowKind } from '../shared/types.ts';
import type { FilterQuery } from '../shared/view-tools.ts';
import { startCore, type TestCore } from './helpers/core.ts';
import { CLIENT_PRELUDE, expectExit0, runPython, type PythonRun } from './helpers/python.ts';
import { removeTempDirs } from './helpers/temp-dir.ts';

const FIRST = 3000;
const LATER = 500;

let t: TestCore;
let live: PythonRun;
let sid: number;

/** A framed client (stdout and stderr apart): FIRST lines, waits for a reply, then LATER lines. */
const FRAMED = `${CLIENT_PRELUDE}
import json
sock = connect()
sock.sendall(b'\\0PORTHOLE/1 ' + json.dumps({'name': 'filter-test', 'framed': True}).encode() + b'\\n')
def frame(t, b):
    sock.sendall(struct.pack('>BI', t, len(b)) + b)
def line(i):
    word = 'Alpha' if i % 7 == 0 else 'alpha' if i % 5 == 0 else 'beta'
    return ('item %d %s value=%d' % (i, word, (i * 37) % 1000)).encode()
for i in range(${FIRST}):
    frame(2 if i % 3 == 0 else 1, line(i) + b'\\n')
frame(1, b'READY\\n')
f = sock.makefile('rb')
f.readline()
for i in range(${FIRST}, ${FIRST + LATER}):
    frame(2 if i % 3 == 0 else 1, line(i) + b'\\n')
frame(1, b'END\\n')
f.readline()
sock.close()
`;

async function allRows(id: number): Promise<Row[]> {
  return t.rows(id);
}

async function filterRows(filterId: number): Promise<number[]> {
  const out: number[] = [];
  for (;;) {
    const res = await t.core.invoke('filter:rows', { filterId, from: out.length, to: out.length + 100_000 });
    expect(res.rows.length).toBeLessThanOrEqual(10_000);
    out.push(...res.rows);
    if (res.rows.length === 0 || out.length >= res.matches) return out;
  }
}

async function runFilter(q: Omit<FilterQuery, 'id'>): Promise<{ filterId: number; rows: number[] }> {
  const { filterId } = await t.core.invoke('filter:start', { id: sid, ...q });
  await t.event('filter', (e) => e.filterId === filterId && e.done, 15_000);
  return { filterId, rows: await filterRows(filterId) };
}

function reference(rows: Row[], q: Omit<FilterQuery, 'id'>): number[] {
  let test: (s: string) => boolean = () => true;
  if (q.query !== '') {
    const re = q.regex ? new RegExp(q.query, q.caseSensitive ? 'u' : 'iu') : null;
    test = re ? (s) => re.test(s) : q.caseSensitive ? (s) => s.includes(q.query) : (s) => s.toLowerCase().includes(q.query.toLowerCase());
  }
  const kinds = new Set<RowKind>(q.kinds.length ? q.kinds : ['out', 'err', 'sent', 'note']);
  return rows.filter((r) => !r.open && r.index >= (q.from ?? 0) && kinds.has(r.kind) && test(r.text) !== (q.invert && q.query !== '')).map((r) => r.index);
}

beforeAll(async () => {
  t = await startCore();
  live = runPython(FRAMED, [t.port]);
  const s = await t.session((x) => x.name === 'filter-test');
  sid = s.id;
  await t.rowsUntil(sid, (r) => r.some((x) => x.text === 'READY'), 15_000);
  await t.send(sid, 'a reply with Alpha in it');
  await t.rowsUntil(sid, (r) => r.some((x) => x.text === 'END'), 15_000);
});
afterAll(async () => {
  live?.kill();
  await t.close();
  removeTempDirs();
});

const CASES: [string, Omit<FilterQuery, 'id'>][] = [
  ['literal, case-sensitive', { query: 'Alpha', regex: false, caseSensitive: true, invert: false, kinds: [] }],
  ['literal, case-insensitive', { query: 'aLPHa', regex: false, caseSensitive: false, invert: false, kinds: [] }],
  ['regex', { query: String.raw`value=9\d7$`, regex: true, caseSensitive: true, invert: false, kinds: [] }],
  ['regex, inverted, stderr only', { query: String.raw`value=\d*5\b`, regex: true, caseSensitive: true, invert: true, kinds: ['err'] }],
  ['stderr only, no text', { query: '', regex: false, caseSensitive: false, invert: false, kinds: ['err'] }],
  ['sent only', { query: '', regex: false, caseSensitive: false, invert: false, kinds: ['sent'] }],
  ['notes only', { query: '', regex: false, caseSensitive: false, invert: false, kinds: ['note'] }],
  ['notes matching a word', { query: 'connected', regex: false, caseSensitive: false, invert: false, kinds: ['note'] }],
  ['inverted literal over every kind', { query: 'beta', regex: false, caseSensitive: true, invert: true, kinds: [] }],
  ['from a row on (a cleared view)', { query: 'alpha', regex: false, caseSensitive: false, invert: false, kinds: [], from: 1234 }],
];

describe('filter over a whole session', () => {
  it.each(CASES)('%s: the same rows as a plain reference', async (_name, q) => {
    const rows = await allRows(sid);
    const want = reference(rows, q);
    const got = await runFilter(q);
    expect(got.rows).toEqual(want);
    expect(want.length).toBeGreaterThan(0);
    await t.core.invoke('filter:cancel', { filterId: got.filterId });
  });

  it('an invalid pattern is refused with a clear message', async () => {
    await expect(t.core.invoke('filter:start', { id: sid, query: '(', regex: true, caseSensitive: true, invert: false, kinds: [] }))
      .rejects.toThrow(/invalid regular expression/);
  });

  it('finds the position of any row in the filtered view (the row, or the next one kept)', async () => {
    const { filterId, rows } = await runFilter(CASES[0][1]);
    expect(rows.length).toBeGreaterThan(3);
    for (const k of [0, 1, Math.floor(rows.length / 2), rows.length - 1]) {
      expect((await t.core.invoke('filter:pos', { filterId, row: rows[k] })).pos).toBe(k);
      // A row the filter left out: the next one kept.
      if (k > 0 && rows[k] - rows[k - 1] > 1) expect((await t.core.invoke('filter:pos', { filterId, row: rows[k] - 1 })).pos).toBe(k);
    }
    expect((await t.core.invoke('filter:pos', { filterId, row: rows[rows.length - 1] + 1 })).pos).toBe(-1);
    await t.core.invoke('filter:cancel', { filterId });
    await expect(t.core.invoke('filter:pos', { filterId, row: 0 })).rejects.toThrow(/gone/);
  });

  it('pages are bounded and in order; a cancelled filter is gone', async () => {
    const { filterId, rows } = await runFilter({ query: '', regex: false, caseSensitive: true, invert: false, kinds: [] });
    const page = await t.core.invoke('filter:rows', { filterId, from: 10, to: 50_000 });
    expect(page.from).toBe(10);
    expect(page.rows.length).toBe(10_000 > rows.length - 10 ? rows.length - 10 : 10_000);
    expect(page.rows).toEqual(rows.slice(10, 10 + page.rows.length));
    const past = await t.core.invoke('filter:rows', { filterId, from: rows.length + 5, to: rows.length + 10 });
    expect(past.rows).toEqual([]);
    await t.core.invoke('filter:cancel', { filterId });
    await expect(t.core.invoke('filter:rows', { filterId, from: 0, to: 10 })).rejects.toThrow(/gone/);
  });
});

describe('filter of a live session', () => {
  it('rows arriving while the filter is active are tested too', async () => {
    const core = await startCore();
    try {
      const py = runPython(`${CLIENT_PRELUDE}
sock = connect()
f = sock.makefile('rb')
sock.sendall(b''.join(b'early %d %s\\n' % (i, b'hit' if i % 10 == 0 else b'miss') for i in range(2000)) + b'WAIT\\n')
f.readline()
sock.sendall(b''.join(b'late %d %s\\n' % (i, b'hit' if i % 4 == 0 else b'miss') for i in range(3000)) + b'prompt hit> ')
f.readline()
sock.close()
`, [core.port]);
      const s = await core.session((x) => x.origin === 'accepted');
      await core.rowsUntil(s.id, (r) => r.some((x) => x.text === 'WAIT'));
      const { filterId } = await core.core.invoke('filter:start', { id: s.id, query: 'hit', regex: false, caseSensitive: true, invert: false, kinds: ['out'] });
      await core.event('filter', (e) => e.filterId === filterId && e.done);
      expect((await core.core.invoke('filter:rows', { filterId, from: 0, to: 10 })).matches).toBe(200);
      await core.send(s.id, 'go');
      await core.rowsUntil(s.id, (r) => r.some((x) => x.text === 'prompt hit> '));
      // The prompt is still open: it is tested once it ends.
      const ev = await core.event('filter', (e) => e.filterId === filterId && e.matches === 200 + 750);
      expect(ev.done).toBe(true);
      const res = await core.core.invoke('filter:rows', { filterId, from: 195, to: 205 });
      const rows = await core.rows(s.id);
      expect(res.rows.map((i) => rows[i].text)).toEqual([
        'early 1950 hit', 'early 1960 hit', 'early 1970 hit', 'early 1980 hit', 'early 1990 hit',
        'late 0 hit', 'late 4 hit', 'late 8 hit', 'late 12 hit', 'late 16 hit',
      ]);
      await core.send(s.id, 'bye');
      await expectExit0(py);
      await core.rowsUntil(s.id, (r) => r.some((x) => x.kind === 'note' && /finished sending/.test(x.text)));
      await core.event('filter', (e) => e.filterId === filterId && e.matches === 951);
      // Removing the session releases its filter.
      await core.core.invoke('session:close', { id: s.id });
      await core.session((x) => x.id === s.id && x.state === 'closed');
      await core.core.invoke('session:remove', { id: s.id });
      await expect(core.core.invoke('filter:rows', { filterId, from: 0, to: 1 })).rejects.toThrow(/gone/);
    } finally {
      await core.close();
    }
  });
});

describe('session:bytes', () => {
  it('gives rows exactly as received and sent, in bounded pieces', async () => {
    const core = await startCore();
    try {
      const py = runPython(`${CLIENT_PRELUDE}
sock = connect()
sock.sendall(b'bad \\xff\\xfe text\\x00\\x1b[31mred\\r\\n')
e = 'caf\\u00e9 \\u20ac \\U0001F600'.encode()
sock.sendall(e[:4]); time.sleep(0.05); sock.sendall(e[4:9]); time.sleep(0.05); sock.sendall(e[9:] + b'\\n')
sock.sendall(bytes(range(256)) + b'\\n')
sock.sendall(b'x' * 300000 + b'\\n')
f = sock.makefile('rb')
f.readline()
sock.close()
`, [core.port]);
      const s = await core.session((x) => x.origin === 'accepted');
      await core.rowsUntil(s.id, (r) => r.filter((x) => x.kind === 'out' && x.text.startsWith('xxx') && !x.open).length === 5);
      await core.send(s.id, 'r\u00e9ponse \u00ff', 'crlf');
      await expectExit0(py);
      await core.rowsUntil(s.id, (r) => r.some((x) => x.kind === 'note' && /finished sending/.test(x.text)));
      const rows = await core.rows(s.id);
      const chunks: Buffer[] = [];
      const sent: Buffer[] = [];
      let from = 0;
      let replies = 0;
      for (;;) {
        const res = await core.core.invoke('session:bytes', { id: s.id, from, to: rows.length });
        replies++;
        const data = Buffer.from(res.data, 'base64');
        expect(data.length).toBeLessThanOrEqual(256 * 1024);
        let at = 0;
        for (const p of res.parts) {
          expect(p.kind).toBe(rows[p.row].kind);
          const b = data.subarray(at, at + p.length);
          at += p.length;
          if (p.kind === 'out') chunks.push(b);
          if (p.kind === 'sent') sent.push(b);
          if (p.kind === 'note') expect(p.note).toBe(rows[p.row].text);
        }
        expect(at).toBe(data.length);
        from = res.to;
        if (!res.more) break;
      }
      expect(replies).toBeGreaterThan(1);
      const want = Buffer.concat([
        Buffer.from('bad \xff\xfe text\x00\x1b[31mred\r\n', 'latin1'),
        Buffer.from('caf\u00e9 \u20ac \u{1F600}\n'),
        Buffer.from([...Array.from({ length: 256 }, (_, i) => i), 10]),
        Buffer.from('x'.repeat(300000) + '\n'),
      ]);
      expect(Buffer.concat(chunks).equals(want)).toBe(true);
      expect(Buffer.concat(sent).equals(Buffer.from('r\u00e9ponse \u00ff\r\n'))).toBe(true);
      // The 300,000-byte line is five rows (64 KiB each at most), their bytes one after another.
      const long = rows.filter((r) => r.kind === 'out' && r.text.startsWith('xxx'));
      expect(long.length).toBe(5);
      const first = await core.core.invoke('session:bytes', { id: s.id, from: long[0].index, to: long[0].index + 1 });
      const one = await core.core.invoke('session:bytes', { id: s.id, from: long[1].index, to: long[1].index + 1 });
      expect(one.parts[0].offset).toBe(first.parts[0].offset + 65536);
      expect(Buffer.from(one.data, 'base64').length).toBe(65536);
      expect(one.more).toBe(false);
    } finally {
      await core.close();
    }
  });
});
