/**
 * One codec per session: for every encoding the window offers, the same bytes show,
 * are found and are exported as the same text. The bytes are written out by hand
 * here, not produced by the codec under test.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { plainText } from '../../shared/display.ts';
import { codecFor } from './encoding.ts';
import { exportRows } from './export.ts';
import { RowStore } from './row-store.ts';
import { planSearch, Search } from './search.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'porthole-codec-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

interface Case {
  /** Non-ASCII text and its bytes in the encoding. */
  text: string;
  bytes: number[];
  /** Part of `text` in other letter case, which a case-insensitive search finds. */
  otherCase: string;
  /** A row whose bytes the encoding shows as something else, and a query that must not find it. */
  decoy: { bytes: number[]; shows: string; query: string };
}

// The encodings the window offers (renderer/src/components/ReplyBox.tsx).
const CASES: Record<string, Case> = {
  'utf-8': {
    text: 'été € 日本 😀',
    bytes: [0xc3, 0xa9, 0x74, 0xc3, 0xa9, 0x20, 0xe2, 0x82, 0xac, 0x20, 0xe6, 0x97, 0xa5, 0xe6, 0x9c, 0xac, 0x20, 0xf0, 0x9f, 0x98, 0x80],
    otherCase: 'ÉTÉ',
    decoy: { bytes: [0x61, 0xc3, 0x28], shows: 'a\ufffd(', query: 'é' },
  },
  latin1: {
    text: 'café ÿ £',
    bytes: [0x63, 0x61, 0x66, 0xe9, 0x20, 0xff, 0x20, 0xa3],
    otherCase: 'CAFÉ Ÿ',
    // ISO-8859-1 proper: 0x80 is a C1 control, not the euro sign windows-1252 makes of it.
    decoy: { bytes: [0x80, 0x31], shows: '\u00801', query: '€' },
  },
  'windows-1252': {
    text: '€ “é” Š',
    bytes: [0x80, 0x20, 0x93, 0xe9, 0x94, 0x20, 0x8a],
    otherCase: '“É” š',
    decoy: { bytes: [0xa4, 0x31], shows: '¤1', query: '€' },
  },
  'iso-8859-15': {
    text: '€ œ Š',
    bytes: [0xa4, 0x20, 0xbd, 0x20, 0xa6],
    otherCase: 'Œ š',
    decoy: { bytes: [0x80, 0x31], shows: '\u00801', query: '€' },
  },
  'windows-1251': {
    text: 'Привет',
    bytes: [0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2],
    otherCase: 'пРИВЕТ',
    decoy: { bytes: [0xf0, 0xd2], shows: 'рТ', query: 'Пр' },
  },
  'koi8-r': {
    text: 'Привет',
    bytes: [0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4],
    otherCase: 'пРИВЕТ',
    decoy: { bytes: [0xcf, 0xf0], shows: 'оП', query: 'Пр' },
  },
  cp437: {
    text: 'café ½ ░',
    bytes: [0x63, 0x61, 0x66, 0x82, 0x20, 0xab, 0x20, 0xb0],
    otherCase: 'CAFÉ',
    // A character cp437 cannot hold must not be searched as the '?' it would encode to.
    decoy: { bytes: [0x3f, 0x3f], shows: '??', query: '日本' },
  },
};

function storeOf(encoding: string, rows: number[][]): { store: RowStore; dir: string } {
  const dir = fs.mkdtempSync(path.join(root, `${encoding}-`));
  const store = new RowStore({ dir, startedAt: Date.now(), codec: codecFor(encoding), maxLineBytes: 64 * 1024 });
  for (const bytes of rows) store.append('out', Buffer.from([...bytes, 0x0a]));
  return { store, dir };
}

function search(store: RowStore, dir: string, query: string, opts: { regex?: boolean; caseSensitive?: boolean } = {}): Promise<number[]> {
  const jobs = planSearch({ id: 1, query, regex: opts.regex ?? false, caseSensitive: opts.caseSensitive ?? true }, store, dir);
  return new Promise((resolve, reject) => {
    const s = new Search(1, 1, jobs, (x) => {
      if (x.progress.error) reject(new Error(x.progress.error));
      else if (x.progress.done) {
        const rows: number[] = [];
        for (let at = -1, n = 0; n < x.progress.rows; n++) rows.push(at = x.seek(at, 1).row);
        resolve(rows);
      }
    });
    setTimeout(() => {
      s.stop();
      reject(new Error(`search for ${query} did not finish`));
    }, 20_000).unref();
  });
}

async function exported(store: RowStore, format: 'text' | 'jsonl'): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await exportRows(store, format, out);
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

describe.each(Object.entries(CASES))('a %s session', (encoding, c) => {
  // Row 0: ASCII; row 1: the text, CRLF-ended; row 2: the decoy; row 3: the text again, mid-line.
  const rows = [[0x61, 0x62, 0x63], [...c.bytes, 0x0d], c.decoy.bytes, [0x3e, 0x20, ...c.bytes, 0x20, 0x3c]];
  const shown = ['abc', c.text, c.decoy.shows, `> ${c.text} <`];
  const { store, dir } = storeOf(encoding, rows);
  afterAll(() => store.close());

  it('shows the bytes as the text', () => {
    expect(store.rows(0, 4).map((r) => r.text)).toEqual(shown);
  });

  it('finds the text, each of its characters, and in other case', async () => {
    expect(await search(store, dir, c.text)).toEqual([1, 3]);
    for (const ch of new Set([...c.text].filter((x) => x > '\x7f'))) {
      expect(await search(store, dir, ch), ch).toEqual(shown.flatMap((t, i) => (t.includes(ch) ? [i] : [])));
    }
    expect(await search(store, dir, c.otherCase, { caseSensitive: false })).toEqual([1, 3]);
    expect(await search(store, dir, c.otherCase)).toEqual([]);
    expect(await search(store, dir, `^${c.text.slice(0, 2)}`, { regex: true })).toEqual([1]);
    expect(await search(store, dir, `${[...c.text].at(-1)} <$`, { regex: true })).toEqual([3]);
  });

  it('does not find what the decoy bytes would be in another encoding', async () => {
    const { query, shows } = c.decoy;
    const containing = (q: string) => shown.flatMap((t, i) => (t.includes(q) ? [i] : []));
    expect(containing(query)).not.toContain(2);
    expect(await search(store, dir, query)).toEqual(containing(query));
    expect(await search(store, dir, query, { caseSensitive: false })).toEqual(containing(query));
    expect(await search(store, dir, shows)).toEqual([2]);
  });

  it('exports the same text', async () => {
    const text = await exported(store, 'text');
    // The text export is what a person reads (control characters shown as symbols, as in the window).
    expect(text.split('\n').slice(0, 4).map((l) => l.replace(/^\[[^\]]*\] {3}/, ''))).toEqual(shown.map((t) => plainText(t, false)));
    const jsonl = (await exported(store, 'jsonl')).trim().split('\n').map((l) => JSON.parse(l).text);
    expect(jsonl).toEqual(shown);
  });
});

describe('codecs', () => {
  it('are one object per encoding, whatever it is called', () => {
    expect(codecFor('latin1')).toBe(codecFor('ISO-8859-1'));
    expect(codecFor('cp1252')).toBe(codecFor('windows-1252'));
    expect(codecFor('utf8')).toBe(codecFor('UTF-8'));
  });

  it('search multi-byte encodings by decoding rows: a second byte that looks like ASCII is not found', async () => {
    // Shift_JIS 'ソ' is 0x83 0x5C, and 0x5C alone is '\'.
    const { store, dir } = storeOf('shift_jis', [[0x83, 0x5c], [0x5c]]);
    expect(codecFor('shift_jis').bytewise).toBe(false);
    expect(store.rows(0, 2).map((r) => r.text)).toEqual(['ソ', '\\']);
    expect(await search(store, dir, '\\')).toEqual([1]);
    expect(await search(store, dir, 'ソ')).toEqual([0]);
    store.close();
  });

  it('search bytes where that is exact', () => {
    for (const name of Object.keys(CASES)) expect(codecFor(name).bytewise, name).toBe(true);
  });
});
