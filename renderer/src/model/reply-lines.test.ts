import { describe, expect, it } from 'vitest';
import { replyLines } from './reply-lines.ts';

describe('replyLines', () => {
  it.each([
    ['one line', 'hello', 'lf', ['hello']],
    ['empty Enter sends an empty line', '', 'lf', ['']],
    ['pasted lines in order', 'a\nb\nc', 'lf', ['a', 'b', 'c']],
    ['CRLF paste', 'a\r\nb\r\n', 'crlf', ['a', 'b']],
    ['old Mac line ends', 'a\rb', 'lf', ['a', 'b']],
    ['blank lines inside kept', 'a\n\nb', 'lf', ['a', '', 'b']],
    ['only one trailing empty line dropped', 'a\n\n', 'lf', ['a', '']],
    ['no ending: as typed, one piece', 'a\nb', 'none', ['a\nb']],
    ['no ending, empty: nothing', '', 'none', []],
  ] as const)('%s', (_name, text, ending, expected) => {
    expect(replyLines(text, ending)).toEqual(expected);
  });
});
