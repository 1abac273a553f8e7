import { describe, expect, it } from 'vitest';
import { collapseCR, parseAnsi } from '../../../shared/display.ts';
import { collapseRow, rowSpans } from './carriage-return.ts';

/** Seeded, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = ['a', 'bc', 'defgh', 'ijklmnopqrs', '\r', '\r', '\r', '\x1b[31m', '\x1b[0m', '\x1b[1;42m', '\x1b[m', '\0', 'é', '😀', '\x85', '\x1b]0;t\x07', '\x1b[2J', '\t'];

describe('collapseRow', () => {
  it('leaves rows without carriage returns alone and strips trailing ones', () => {
    expect(collapseRow('plain')).toBe('plain');
    expect(collapseRow('line\r\r')).toBe('line');
    expect(collapseRow('abcdef\rXY')).toBe('XYcdef');
  });

  it('shows what collapseCR shows, for rows of many segments', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const n = 100 + Math.floor(next() * 600);
      let text = '';
      for (let i = 0; i < n; i++) text += PIECES[Math.floor(next() * PIECES.length)];
      expect(parseAnsi(collapseRow(text)), `seed ${seed}`).toEqual(parseAnsi(collapseCR(text)));
    }
  });

  it('a long progress line: the last state, colours included', () => {
    const line = Array.from({ length: 5000 }, (_, i) => `\r\x1b[32m${i % 2 ? 'odd ' : 'even'}\x1b[0m ${i + 1}`).join('');
    expect(parseAnsi(collapseRow(line))).toEqual([{ text: 'odd ', fg: 2 }, { text: ' 5000' }]);
  });

  it('a shorter last state leaves the end of a longer earlier one', () => {
    const line = 'x'.repeat(50) + '\r' + Array.from({ length: 200 }, (_, i) => `\r${i}`).join('');
    expect(collapseRow(line)).toBe('199' + 'x'.repeat(47));
  });
});

describe('rowSpans', () => {
  it('gives the spans of collapseRow parsed by parseAnsi, for rows of few and many segments', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const n = (seed % 2 ? 5 : 100) + Math.floor(next() * 600);
      let text = '';
      for (let i = 0; i < n; i++) text += PIECES[Math.floor(next() * PIECES.length)];
      expect(rowSpans(text), `seed ${seed}`).toEqual(parseAnsi(collapseRow(text)));
    }
  });

  it('the hostile rows: progress lines, a colour-code bomb, NUL bytes, a row of only carriage returns', () => {
    const rows = [
      Array.from({ length: 5000 }, (_, i) => `\r\x1b[32m${i % 2 ? 'odd ' : 'even'}\x1b[0m ${i + 1}`).join(''),
      Array.from({ length: 4000 }, (_, k) => `\x1b[${31 + (k % 7)}m${'.#'[k % 2]}`).join('') + '\r\x1b[0mdone',
      '\0'.repeat(10_000) + '\rNUL',
      '\r'.repeat(65_536),
      'plain, no carriage return',
    ];
    for (const r of rows) expect(rowSpans(r)).toEqual(parseAnsi(collapseRow(r)));
  });
});
