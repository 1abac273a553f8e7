import { describe, expect, it } from 'vitest';
import type { Row } from '../../../shared/types.ts';
import { cachedRowView, cssColor, FOLD_CHARS, foldedView, MAX_SPANS, rowPlain, rowView } from './row-view.ts';

const row = (text: string): Row => ({ index: 0, kind: 'out', text, time: 0, cont: false, open: false });
const sgrBomb = (pairs: number) => Array.from({ length: pairs }, (_, k) => `\x1b[${31 + (k % 7)}m${String.fromCharCode(97 + (k % 26))}`).join('');
const letters = (n: number) => Array.from({ length: n }, (_, k) => String.fromCharCode(97 + (k % 26))).join('');

describe('rowView', () => {
  it('parses colours and carriage returns once per row object', () => {
    const r = row('\x1b[31m 10%\r\x1b[31m100%');
    expect(cachedRowView(r)).toBeUndefined();
    const v = rowView(r);
    expect(v.plain).toBe('100%');
    expect(v.spans).toEqual([{ text: '100%', fg: 1 }]);
    expect(rowView(r)).toBe(v);
    expect(cachedRowView(r)).toBe(v);
  });

  it('draws all of a very long row, as copying takes it', () => {
    const long = `{"data":"${'x'.repeat(10_000)}","end":true}`;
    const v = rowView(row(long));
    expect(v.plain).toBe(long);
    expect(v.spans).toHaveLength(1);
    expect(rowPlain(row(long))).toBe(long);
  });

  it('a progress line longer than the drawn part shows its latest state', () => {
    const steps = Array.from({ length: 4000 }, (_, i) => `\rprogress ${(i / 39.99).toFixed(2)}%`).join('');
    expect(steps.length).toBeGreaterThan(60_000);
    expect(rowView(row(steps)).plain).toBe('progress 100.00%');
    const styled = Array.from({ length: 1600 }, (_, i) => `\r\x1b[32mstep\x1b[0m ${String(i + 1).padStart(5)} of 1600`).join('');
    const v = rowView(row(styled));
    expect(v.plain).toBe('step  1600 of 1600');
    expect(v.spans[0]).toEqual({ text: 'step', fg: 2 });
  });

  it('a colour-code bomb keeps its text in order but at most MAX_SPANS spans, the rest unstyled', () => {
    const v = rowView(row(sgrBomb(9000)));
    expect(v.spans.length).toBeLessThanOrEqual(MAX_SPANS);
    // Every character stays, the ones past the styled spans unstyled.
    expect(v.plain).toBe(letters(9000));
    expect(v.spans[0]).toEqual({ text: 'a', fg: 1 });
    const last = v.spans[v.spans.length - 1];
    expect(last.fg).toBeUndefined();
  });

  it('a short row with many colours keeps them all', () => {
    const v = rowView(row(sgrBomb(100)));
    expect(v.spans).toHaveLength(100);
    expect(v.plain).toBe(letters(100));
  });

  it('NUL bytes are drawn as symbols, all of them', () => {
    const v = rowView(row('\0'.repeat(65536)));
    expect(v.plain).toBe('\u2400'.repeat(65536));
  });

  it('a fold keeps the first FOLD_CHARS characters and their styles', () => {
    const short = rowView(row('x'.repeat(FOLD_CHARS)));
    expect(foldedView(short)).toBe(short);
    const v = rowView(row(sgrBomb(100) + 'y'.repeat(70_000)));
    const f = foldedView(v);
    expect(f.plain).toBe(letters(100) + 'y'.repeat(FOLD_CHARS - 100));
    expect(f.spans.slice(0, 3)).toEqual(v.spans.slice(0, 3));
    expect(foldedView(v)).toBe(f);
    const emoji = foldedView(rowView(row('x' + '😀'.repeat(20_000))));
    expect(emoji.plain.length).toBe(FOLD_CHARS - 1);
  });

  it('does not cut a character in half', () => {
    const v = rowView(row('x' + '😀'.repeat(70_000)));
    expect(v.plain.length).toBe(128 * 1024 - 1);
    expect(v.plain).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('stays cheap on hostile rows of 64 KiB', () => {
    const hostile = [
      sgrBomb(9000), '\x1b[0m'.repeat(16000), '\0'.repeat(65536), '\r'.repeat(65535) + 'x',
      'x\r'.repeat(32768), '\x1b]\x07\r'.repeat(16384), '\x1b]0;'.repeat(16000), '\x85'.repeat(65536),
    ];
    // Once to compile the code paths, then timed: the best of three, so a busy machine does not decide.
    for (const text of hostile) rowView(row(text));
    for (const text of hostile) {
      const times = [0, 1, 2].map(() => {
        const t0 = performance.now();
        rowView(row(text));
        return performance.now() - t0;
      });
      expect(Math.min(...times), JSON.stringify(text.slice(0, 12))).toBeLessThan(25);
    }
  });
});

describe('cssColor', () => {
  it.each([
    [undefined, undefined],
    [1, 'var(--ansi-1)'],
    [15, 'var(--ansi-15)'],
    [16, 'rgb(0, 0, 0)'],
    [196, 'rgb(255, 0, 0)'],
    [231, 'rgb(255, 255, 255)'],
    [232, 'rgb(8, 8, 8)'],
    [255, 'rgb(238, 238, 238)'],
    ['#ff8000', '#ff8000'],
  ] as const)('%j → %j', (c, expected) => {
    expect(cssColor(c)).toBe(expected);
  });
});
