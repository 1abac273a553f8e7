import { describe, expect, it } from 'vitest';
import { caretOnFirstLine, caretOnLastLine, ReplyHistory } from './reply-history.ts';

describe('ReplyHistory', () => {
  it('browses older and newer entries and restores the draft', () => {
    const h = new ReplyHistory();
    h.push('one');
    h.push('two');
    expect(h.up('draft')).toBe('two');
    expect(h.up('two')).toBe('one');
    expect(h.up('one')).toBeNull();
    expect(h.down()).toBe('two');
    expect(h.down()).toBe('draft');
    expect(h.down()).toBeNull();
  });

  it('skips empty replies and repeats, and keeps a bounded size', () => {
    const h = new ReplyHistory(3);
    for (const t of ['a', 'a', '', 'b', 'c', 'd']) h.push(t);
    expect(h.size).toBe(3);
    expect(h.up('')).toBe('d');
    expect(h.up('')).toBe('c');
    expect(h.up('')).toBe('b');
    expect(h.up('')).toBeNull();
  });

  it.each([
    ['abc', 1, true, true],
    ['a\nb', 1, true, false],
    ['a\nb', 2, false, true],
    ['a\nb\nc', 3, false, false],
    ['', 0, true, true],
  ])('caret in %j at %d: first line %s, last line %s', (text, caret, first, last) => {
    expect(caretOnFirstLine(text, caret)).toBe(first);
    expect(caretOnLastLine(text, caret)).toBe(last);
  });
});
