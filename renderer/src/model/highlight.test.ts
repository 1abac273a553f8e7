import { describe, expect, it } from 'vitest';
import { parseAnsi } from '../../../shared/display.ts';
import { compileFind, findRanges, markSpans } from './highlight.ts';

describe('find highlighting', () => {
  it.each([
    ['plain, case-insensitive', 'Error error ERROR', { query: 'error', regex: false, caseSensitive: false }, [[0, 5], [6, 11], [12, 17]]],
    ['case-sensitive', 'Error error', { query: 'error', regex: false, caseSensitive: true }, [[6, 11]]],
    ['special characters literal', 'a.b axb', { query: 'a.b', regex: false, caseSensitive: false }, [[0, 3]]],
    ['regex', 'id=12 id=345', { query: 'id=\\d+', regex: true, caseSensitive: false }, [[0, 5], [6, 12]]],
    ['empty matches skipped', 'abc', { query: 'x*', regex: true, caseSensitive: false }, []],
  ])('%s', (_name, text, opts, expected) => {
    const re = compileFind(opts);
    expect(re).toBeInstanceOf(RegExp);
    expect(findRanges(text, re as RegExp).map((r) => [r.start, r.end])).toEqual(expected);
  });

  it('reports a bad regular expression instead of throwing', () => {
    expect(typeof compileFind({ query: '(', regex: true, caseSensitive: false })).toBe('string');
    expect(compileFind({ query: '', regex: false, caseSensitive: false })).toBeNull();
  });

  it('marks matches across colour boundaries without losing colours', () => {
    const spans = parseAnsi('\x1b[31mfoo\x1b[32mbar\x1b[0m baz');
    const segs = markSpans(spans, [{ start: 2, end: 5 }]);
    expect(segs.map((s) => [s.text, s.mark, s.span.fg])).toEqual([
      ['fo', false, 1], ['o', true, 1], ['ba', true, 2], ['r', false, 2], [' baz', false, undefined],
    ]);
    expect(segs.map((s) => s.text).join('')).toBe('foobar baz');
  });

  it('leaves spans whole when nothing matches', () => {
    const spans = parseAnsi('abc');
    expect(markSpans(spans, [])).toEqual([{ span: spans[0], text: 'abc', mark: false }]);
  });
});
