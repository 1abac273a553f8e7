import { describe, expect, it } from 'vitest';
import type { Row } from '../../../shared/types.ts';
import { cssColor, DRAW_CHARS, rowPlain, rowView } from './row-view.ts';

const row = (text: string): Row => ({ index: 0, kind: 'out', text, time: 0, cont: false, open: false });

describe('rowView', () => {
  it('parses colours and carriage returns once per row object', () => {
    const r = row('\x1b[31m 10%\r\x1b[31m100%');
    const v = rowView(r);
    expect(v.plain).toBe('100%');
    expect(v.spans).toEqual([{ text: '100%', fg: 1 }]);
    expect(rowView(r)).toBe(v);
  });

  it('draws at most DRAW_CHARS characters of a very long row but copies all of it', () => {
    const long = 'x'.repeat(DRAW_CHARS * 10);
    const v = rowView(row(long));
    expect(v.plain.length).toBe(DRAW_CHARS + 1);
    expect(v.plain.endsWith('…')).toBe(true);
    expect(rowPlain(row(long)).length).toBe(DRAW_CHARS * 10);
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
