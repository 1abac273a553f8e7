import { describe, expect, it } from 'vitest';
import { collapseCR, parseAnsi, plainText, terminalSafe, type Span } from './display.ts';

const E = '\x1b';
const BEL = '\x07';

describe('collapseCR', () => {
  it.each([
    ['no carriage return', 'plain line', 'plain line'],
    ['overwrite keeps the longer tail', 'abcdef\rXY', 'XYcdef'],
    ['progress shows the latest state', ' 10%\r 50%\r100%', '100%'],
    ['trailing lone CR is ignored', 'done\r', 'done'],
    ['several trailing CRs are ignored', 'done\r\r', 'done'],
    ['CR then longer text', 'ab\rwxyz', 'wxyz'],
    ['empty segment between CRs', 'abc\r\rX', 'Xbc'],
    ['only CR', '\r', ''],
    ['astral characters count as one cell', '😀😀😀\rab', 'ab😀'],
  ])('%s', (_name, input, expected) => {
    expect(collapseCR(input)).toBe(expected);
  });

  it('keeps colours with the characters they were written with', () => {
    const out = collapseCR(`${E}[31mabcdef${E}[0m\rXY`);
    const spans = parseAnsi(out);
    expect(spans.map((s) => s.text).join('')).toBe('XYcdef');
    expect(spans).toEqual([{ text: 'XY' }, { text: 'cdef', fg: 1 }]);
  });
});

describe('parseAnsi', () => {
  const cases: [string, string, Span[]][] = [
    ['plain text', 'hello', [{ text: 'hello' }]],
    ['empty', '', []],
    ['16 colours', `${E}[31mred${E}[0m plain`, [{ text: 'red', fg: 1 }, { text: ' plain' }]],
    ['bright colours', `${E}[92mg${E}[103my`, [{ text: 'g', fg: 10 }, { text: 'y', fg: 10, bg: 11 }]],
    ['256 colours', `${E}[38;5;208mo${E}[48;5;17mb`, [{ text: 'o', fg: 208 }, { text: 'b', fg: 208, bg: 17 }]],
    ['24-bit colour', `${E}[38;2;255;128;0mx`, [{ text: 'x', fg: '#ff8000' }]],
    ['24-bit colour, colon form', `${E}[38:2::1:2:3mx`, [{ text: 'x', fg: '#010203' }]],
    ['invalid 24-bit colour ignored', `${E}[38;2;300;0;0mx`, [{ text: 'x' }]],
    ['attributes', `${E}[1;3;4;7;9mA${E}[22;23;24;27;29mB`,
      [{ text: 'A', bold: true, italic: true, underline: true, inverse: true, strike: true }, { text: 'B' }]],
    ['dim', `${E}[2md`, [{ text: 'd', dim: true }]],
    ['default colours', `${E}[31;42mx${E}[39my${E}[49mz`, [{ text: 'x', fg: 1, bg: 2 }, { text: 'y', bg: 2 }, { text: 'z' }]],
    ['empty SGR resets', `${E}[1mb${E}[mn`, [{ text: 'b', bold: true }, { text: 'n' }]],
    ['tab stays a tab', 'a\tb', [{ text: 'a\tb' }]],
    ['NUL, BEL, BS shown as pictures', 'a\x00b\x07c\x08', [{ text: 'a\u2400b\u2407c\u2408' }]],
    ['DEL shown as picture', 'x\x7f', [{ text: 'x\u2421' }]],
    ['C1 shown as code', 'a\u0085b\u009b', [{ text: 'a<U+0085>b<U+009B>' }]],
    ['leftover CR shown', 'a\rb', [{ text: 'a\u240db' }]],
    ['markup is text', '<img src=x onerror=alert(1)>', [{ text: '<img src=x onerror=alert(1)>' }]],
    ['script tag is text', '<script>alert(1)</script>', [{ text: '<script>alert(1)</script>' }]],
    ['OSC 52 clipboard removed', `a${E}]52;c;aGVsbG8=${BEL}b`, [{ text: 'ab' }]],
    ['OSC 8 hyperlink removed, text kept', `${E}]8;;http://x${BEL}link${E}]8;;${BEL}`, [{ text: 'link' }]],
    ['OSC 8 with ST', `${E}]8;;http://x${E}\\link${E}]8;;${E}\\`, [{ text: 'link' }]],
    ['OSC 0 title removed', `${E}]0;pwned${BEL}ok`, [{ text: 'ok' }]],
    ['clear screen removed', `${E}[2J${E}[Hok`, [{ text: 'ok' }]],
    ['alternate screen removed', `${E}[?1049hok${E}[?1049l`, [{ text: 'ok' }]],
    ['cursor movement removed', `a${E}[10;20Hb${E}[3Ac`, [{ text: 'abc' }]],
    ['DCS removed', `a${E}Pq#0;2;0;0;0${E}\\b`, [{ text: 'ab' }]],
    ['APC, PM, SOS removed', `${E}_x${E}\\1${E}^y${E}\\2${E}Xz${E}\\3`, [{ text: '123' }]],
    ['C1 ST ends OSC', `${E}]0;t\u009cok`, [{ text: 'ok' }]],
    ['unterminated OSC drops the rest', `ok${E}]0;title`, [{ text: 'ok' }]],
    ['lone ESC at end removed', `ok${E}`, [{ text: 'ok' }]],
    ['two-byte escapes removed', `${E}(Ba${E}7b${E}c`, [{ text: 'ab' }]],
    ['unterminated CSI removed', `ok${E}[31`, [{ text: 'ok' }]],
    ['CSI with private SGR-like final is dropped', `${E}[>4;2mx`, [{ text: 'x' }]],
    ['broken CSI keeps the interrupting character visible', `${E}[3\x07x`, [{ text: '\u2407x' }]],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(parseAnsi(input)).toEqual(expected);
  });

  it('does not carry state from one row to the next', () => {
    parseAnsi(`${E}[31mred without reset`);
    expect(parseAnsi('next row')).toEqual([{ text: 'next row' }]);
  });
});

describe('plainText', () => {
  it.each([
    ['colours stripped', `${E}[1;31mError:${E}[0m bad`, 'Error: bad'],
    ['progress collapsed', `${E}[32m 10%${E}[0m\r${E}[32m100%${E}[0m`, '100%'],
    ['hostile sequences stripped', `${E}]52;c;Zm9v${BEL}${E}]0;t${BEL}${E}[2J${E}[?1049hx`, 'x'],
    ['controls visible', 'a\x00b', 'a\u2400b'],
    ['markup literal', '<b>bold</b>', '<b>bold</b>'],
  ])('%s', (_name, input, expected) => {
    expect(plainText(input)).toBe(expected);
  });

  it.each([
    `${E}[31mabc${E}[0m\rX\x07`,
    `a\u0090b${E}]8;;u${BEL}c`,
    'plain',
  ])('agrees with the concatenated spans of parseAnsi(collapseCR(%j))', (input) => {
    expect(parseAnsi(collapseCR(input)).map((s) => s.text).join('')).toBe(plainText(input));
  });
});

describe('terminalSafe', () => {
  it.each([
    ['SGR kept as-is', `${E}[1;38;5;208mhot${E}[0m`, `${E}[1;38;5;208mhot${E}[0m`],
    ['OSC 52 dropped', `a${E}]52;c;Zm9v${BEL}b`, 'ab'],
    ['OSC 8 dropped', `${E}]8;;http://x${BEL}l${E}]8;;${BEL}`, 'l'],
    ['title dropped', `${E}]0;pwned${BEL}ok`, 'ok'],
    ['clear screen and alternate screen dropped', `${E}[2J${E}[?1049hok`, 'ok'],
    ['CR and LF pass through', 'a\rb\n', 'a\rb\n'],
    ['BEL and BS shown', 'a\x07\x08', 'a\u2407\u2408'],
    ['C1 CSI shown, not acted on', '\u009b2J', '<U+009B>2J'],
    ['tab kept', '\tx', '\tx'],
  ])('%s', (_name, input, expected) => {
    expect(terminalSafe(input)).toBe(expected);
  });
});
