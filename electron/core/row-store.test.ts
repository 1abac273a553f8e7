import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { codecFor } from './encoding.ts';
import { RowStore } from './row-store.ts';

const dirs: string[] = [];
function store(encoding = 'utf-8', maxLineBytes = 64 * 1024) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'porthole-rows-'));
  dirs.push(dir);
  return new RowStore({ dir, startedAt: Date.now(), codec: codecFor(encoding), maxLineBytes });
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function feed(s: RowStore, chunks: (string | number[] | Buffer)[], kind: 'out' | 'err' | 'sent' = 'out') {
  for (const c of chunks) s.append(kind, typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c as number[]));
}
function texts(s: RowStore) {
  return s.rows(0, s.count).map((r) => r.text);
}
function shape(s: RowStore) {
  return s.rows(0, s.count).map((r) => `${r.kind}${r.open ? '+open' : ''}${r.cont ? '+cont' : ''}:${r.text}`);
}

describe('line splitting and decoding', () => {
  const cases: { name: string; chunks: (string | number[])[]; rows: string[]; encoding?: string }[] = [
    { name: 'empty input', chunks: [], rows: [] },
    { name: 'empty chunk', chunks: [''], rows: [] },
    { name: 'one line', chunks: ['hello\n'], rows: ['out:hello'] },
    { name: 'two lines in one read', chunks: ['a\nb\n'], rows: ['out:a', 'out:b'] },
    { name: 'empty lines kept', chunks: ['\n\n'], rows: ['out:', 'out:'] },
    { name: 'partial line stays open', chunks: ['Name? '], rows: ['out+open:Name? '] },
    { name: 'partial line grows in place', chunks: ['Na', 'me', '? '], rows: ['out+open:Name? '] },
    { name: 'partial then ended', chunks: ['wor', 'ld\n'], rows: ['out:world'] },
    { name: 'CRLF is one ending', chunks: ['a\r\nb\r\n'], rows: ['out:a', 'out:b'] },
    { name: 'CRLF split across reads', chunks: ['a\r', '\nb\r', '\n'], rows: ['out:a', 'out:b'] },
    { name: 'lone CR kept for progress lines', chunks: ['10%\r50%\r100%\n'], rows: ['out:10%\r50%\r100%'] },
    { name: 'invalid UTF-8 becomes U+FFFD', chunks: [[0x61, 0xff, 0x62, 0x0a]], rows: ['out:a\ufffdb'] },
    { name: 'truncated sequence at line end', chunks: [[0xe2, 0x82, 0x0a]], rows: ['out:\ufffd'] },
    { name: 'NUL and controls kept for display', chunks: [[0x61, 0x00, 0x07, 0x0a]], rows: ['out:a\u0000\u0007'] },
    { name: 'Latin-1', chunks: [[0x63, 0x61, 0x66, 0xe9, 0x0a]], rows: ['out:café'], encoding: 'latin1' },
    { name: 'Latin-1 0x80 is a C1 control', chunks: [[0x80, 0x0a]], rows: ['out:\u0080'], encoding: 'latin1' },
    { name: 'Windows-1252 euro', chunks: [[0x80, 0x35, 0x0a]], rows: ['out:€5'], encoding: 'windows-1252' },
    { name: 'Latin-1 reply-free line split', chunks: [[0xe9], [0x0a]], rows: ['out:é'], encoding: 'latin1' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const s = store(c.encoding);
      feed(s, c.chunks);
      expect(shape(s)).toEqual(c.rows);
    });
  }

  it('decodes UTF-8 split at every byte boundary', () => {
    const text = 'héllo wörld — 日本語 🙂 ok\nsecond ✓\n';
    const bytes = Buffer.from(text, 'utf8');
    for (let cut = 0; cut <= bytes.length; cut++) {
      for (let cut2 = cut; cut2 <= bytes.length; cut2 += 7) {
        const s = store();
        feed(s, [bytes.subarray(0, cut), bytes.subarray(cut, cut2), bytes.subarray(cut2)]);
        expect(texts(s), `cuts ${cut}/${cut2}`).toEqual(['héllo wörld — 日本語 🙂 ok', 'second ✓']);
      }
    }
  });

  it('feeds one byte at a time', () => {
    const bytes = Buffer.from('a🙂b\r\nc', 'utf8');
    const s = store();
    for (const b of bytes) s.append('out', Buffer.from([b]));
    expect(shape(s)).toEqual(['out:a🙂b', 'out+open:c']);
  });
});

describe('over-long lines', () => {
  it('splits into continuation rows and drops nothing', () => {
    const s = store('utf-8', 16);
    const line = 'x'.repeat(40);
    feed(s, [line.slice(0, 10), line.slice(10) + '\nnext\n']);
    expect(shape(s)).toEqual(['out:' + 'x'.repeat(16), 'out+cont:' + 'x'.repeat(16), 'out+cont:' + 'x'.repeat(8), 'out:next']);
    expect(fs.readFileSync(path.join(s.files[0].path)).toString()).toBe(line + '\nnext\n');
  });

  it('never splits a UTF-8 character across rows', () => {
    const s = store('utf-8', 16);
    const line = 'aé'.repeat(20); // 3 bytes per pair
    feed(s, [line + '\n']);
    const rows = texts(s);
    expect(rows.join('')).toBe(line);
    for (const r of rows) {
      expect(r).not.toContain('\ufffd');
      expect(Buffer.byteLength(r)).toBeLessThanOrEqual(16);
    }
  });

  it('a line of exactly the limit is one row', () => {
    const s = store('utf-8', 16);
    feed(s, ['y'.repeat(16) + '\n']);
    expect(shape(s)).toEqual(['out:' + 'y'.repeat(16)]);
  });
});

describe('kinds and interleaving', () => {
  it('a sent row seals an open prompt; the script continues on a new row', () => {
    const s = store();
    feed(s, ['Name? ']);
    feed(s, ['Bob\n'], 'sent');
    feed(s, ['Hello Bob\n']);
    expect(shape(s)).toEqual(['out:Name? ', 'sent:Bob', 'out+cont:Hello Bob']);
    expect(s.linesIn).toBe(1);
    expect(s.linesOut).toBe(1);
  });

  it('stderr and stdout rows keep their own streams', () => {
    const s = store();
    feed(s, ['o1\n']);
    feed(s, ['e1\n'], 'err');
    feed(s, ['o2\n']);
    expect(shape(s)).toEqual(['out:o1', 'err:e1', 'out:o2']);
  });

  it('notes are rows of their own', () => {
    const s = store();
    s.note('connected from 127.0.0.1:1');
    feed(s, ['hi\n']);
    s.note('closed');
    expect(shape(s)).toEqual(['note:connected from 127.0.0.1:1', 'out:hi', 'note:closed']);
  });

  it('tracks the lowest changed row', () => {
    const s = store();
    feed(s, ['a\nb\n']);
    expect(s.takeChanged()).toBe(0);
    expect(s.takeChanged()).toBe(Infinity);
    feed(s, ['c']);
    expect(s.takeChanged()).toBe(2);
    feed(s, ['d\n']);
    expect(s.takeChanged()).toBe(2);
  });

  it('reads any range, including across streams', () => {
    const s = store();
    for (let i = 0; i < 1000; i++) {
      feed(s, [`line ${i}\n`]);
      if (i % 100 === 0) feed(s, [`sent ${i}\n`], 'sent');
    }
    const rows = s.rows(495, 520);
    expect(rows.map((r) => r.index)).toEqual(Array.from({ length: 25 }, (_, i) => 495 + i));
    expect(rows.every((r) => r.kind === 'out' || r.kind === 'sent')).toBe(true);
    expect(s.rows(0, s.count).filter((r) => r.kind === 'sent')).toHaveLength(10);
    expect(s.rows(s.count - 1, s.count + 10)).toHaveLength(1);
    expect(s.rows(5, 5)).toEqual([]);
  });
});

describe('rows as bytes', () => {
  it('give every row\'s bytes, flags and time as rows() gives its text, across streams, notes, CRLF and an open row', () => {
    const s = store();
    feed(s, ['a=1\r\n', 'b\n\n', 'x\ry\n']);
    s.note('connected');
    feed(s, ['err line\n'], 'err');
    feed(s, ['Na', 'me? ']);
    const seen: { text: string; time: number; flags: number }[] = [];
    const reached = s.rawRows(0, s.count, 1 << 20, (i, flags, buf, a, b, time) => {
      seen.push({ text: buf.subarray(a, b).toString('utf8'), time, flags });
      return true;
    });
    expect(reached).toBe(s.count);
    const rows = s.rows(0, s.count);
    expect(seen.map((r, i) => (rows[i].kind === 'note' ? rows[i].text : r.text))).toEqual(rows.map((r) => r.text));
    expect(seen.map((r) => r.time)).toEqual(rows.map((r) => r.time));
    expect(seen.filter((r) => r.flags & 8).length).toBe(1);
  });

  it('stop where the visitor says, and leave rows past the byte budget for the next call', () => {
    const s = store();
    feed(s, ['aaaa\nbbbb\ncccc\ndddd\n']);
    expect(s.rawRows(0, 4, 1 << 20, (i) => i < 2)).toBe(2);
    const visited: number[] = [];
    expect(s.rawRows(0, 4, 10, (i) => (visited.push(i), true))).toBe(2);
    expect(visited).toEqual([0, 1]);
  });
});

describe('transcript replay', () => {
  it('rebuilds the same rows from the files and the log', async () => {
    const s = store();
    s.note('connected');
    feed(s, ['Name? ']);
    feed(s, ['Ann\n'], 'sent');
    feed(s, ['Hi Ann\n', 'x'.repeat(10), 'y\n']);
    feed(s, ['oops\n'], 'err');
    feed(s, ['tail']);
    const before = s.rows(0, s.count);
    s.log!.flush();
    const dir = path.dirname(s.files[0].path);
    const again = new RowStore({ dir, startedAt: s.startedAt, codec: codecFor('utf-8'), maxLineBytes: 64 * 1024, readOnly: true });
    await again.replay(path.join(dir, 'log.jsonl'));
    expect(again.rows(0, again.count)).toEqual(before);
  });

  it('keeps bytes whose log records never reached the disk', async () => {
    const s = store();
    feed(s, ['one\n', 'two\n']);
    const dir = path.dirname(s.files[0].path);
    // Nothing flushed to log.jsonl yet: as after a crash within the flush interval.
    const again = new RowStore({ dir, startedAt: s.startedAt, codec: codecFor('utf-8'), maxLineBytes: 64 * 1024, readOnly: true });
    await again.replay(path.join(dir, 'log.jsonl'));
    expect(texts(again)).toEqual(['one', 'two']);
  });
});

describe('memory', () => {
  it('keeps each row\'s time exactly: same chunk, small steps, long gaps, clock steps back, across blocks', () => {
    const s = store();
    const t0 = s.startedAt;
    const want: number[] = [];
    let t = t0;
    for (let i = 0; i < 700; i++) {
      t += i % 97 === 0 ? 3_600_000 : i % 89 === 0 ? -5_000 : i % 3;
      want.push(t);
      s.append('out', Buffer.from(`r${i}\n`), t);
    }
    expect(s.rows(0, s.count).map((r) => r.time)).toEqual(want);
    expect(s.rows(300, 301)[0].time).toBe(want[300]);
    expect(s.rows(511, 514).map((r) => r.time)).toEqual(want.slice(511, 514));
  });

  it('costs at most 16 bytes of index per row', () => {
    const s = store();
    const chunk = Buffer.from('0123456789\n'.repeat(10_000));
    for (let i = 0; i < 20; i++) s.append('out', chunk);
    expect(s.count).toBe(200_000);
    // Rows on both sides of index page boundaries read back intact.
    for (const i of [0, 65_535, 65_536, 131_071, 131_072, 199_999]) {
      expect(s.rows(i, i + 1)[0]).toMatchObject({ index: i, kind: 'out', text: '0123456789', open: false });
    }
    expect(s.linesIn).toBe(200_000);
    expect(s.index.byteSize() / s.count).toBeLessThanOrEqual(16);
  });
});
