import { describe, expect, it } from 'vitest';
import { collapseCR, collapsedSpans, parseAnsi } from './display.ts';

const E = '\x1b';
const BEL = '\x07';

/** Inputs of the display tests: colours, escapes that must never act, controls, invisible characters, redraws. */
const INPUTS = [
  'plain line', 'abcdef\rXY', ' 10%\r 50%\r100%', 'done\r', 'done\r\r', 'ab\rwxyz', 'abc\r\rX', '\r', '😀😀😀\rab', '',
  `${E}[31mabcdef${E}[0m\rXY`, `${E}[31mred${E}[0m plain`, `${E}[92mg${E}[103my`, `${E}[38;5;208mo${E}[48;5;17mb`,
  `${E}[38;2;255;128;0mx`, `${E}[38:2::1:2:3mx`, `${E}[38;2;300;0;0mx`, `${E}[1;3;4;7;9mA${E}[22;23;24;27;29mB`, `${E}[2md`,
  `${E}[31;42mx${E}[39my${E}[49mz`, `${E}[1mb${E}[mn`, 'a\tb', 'a\x00b\x07c\x08', 'x\x7f', 'a\u0085b\u009b', 'a\rb',
  '<img src=x onerror=alert(1)>', `a${E}]52;c;aGVsbG8=${BEL}b`, `${E}]8;;http://x${BEL}link${E}]8;;${BEL}`,
  `${E}]8;;http://x${E}\\link${E}]8;;${E}\\`, `${E}]0;pwned${BEL}ok`, `${E}[2J${E}[Hok`, `${E}[?1049hok${E}[?1049l`,
  `a${E}[10;20Hb${E}[3Ac`, `a${E}Pq#0;2;0;0;0${E}\\b`, `${E}_x${E}\\1${E}^y${E}\\2${E}Xz${E}\\3`, `${E}]0;t\u009cok`,
  `ok${E}]0;title`, `ok${E}`, `${E}(Ba${E}7b${E}c`, `ok${E}[31`, `${E}[>4;2mx`, `${E}[3\x07x`,
  `${E}[1;38;5;208mhot`, `${E}[48;2;1;2;3mx`, `pass: ${E}[8msecret${E}[28m`, `${E}[5;6mwarn`, `${E}[1;8mX`, `${E}[11;53;51mx`,
  `${E}[8m${E}[5m${E}[6m${E}[31;8;5mhidden`, `${E}[38:2::1:2:3m${E}[4:3m${E}[58;5;1m${E}[21m${E}[53mtext`,
  `${E}[31mred\r${E}[32mgreen\r\x1b[8m`, 'invoice\u202Egpj.exe', 'xxxxxxxxxxxx\rinvoice\u202Egpj', `${E}[31mevil\u202Etxt.exe${E}[0m`,
  '\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069', 'a\u200Eb\u200Fc\u061Cd', 'pass\u200Bword\u200C', '\uFEFFstart', 'ad\u00ADmin',
  'ok\u{E0001}\u{E0068}\u{E0069}', '\u2764\uFE0F \u263A\uFE0E', 'a\uFE00', '\uFE0Fx', 'a \uFE0F', '😀\uFE0F\uFE01\u{E0100}',
  '👩\u200D💻 👨\u200D👩\u200D👧 🏳\uFE0F\u200D🌈 👩🏽\u200D💻', 'a\u200Db', '😀\u200D', '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}',
  '🏴\u{E0067}\u{E0062}', 'héllo wörld 日本語 😀 ﷺ', 'a\u00A0b\u3000c', '\0'.repeat(300),
];

/** Each input as it is, and redrawn over, under and through colour changes. */
const VARIANTS = (s: string) => [
  s, `${s}\r`, `xxxxxxxxxxxxxxxxxxxxxxxx\r${s}`, `${s}\rab`, `${E}[31m${s}\r${E}[0mab`, `${E}[32mlong green line\r${s}`,
  `${s}\r${E}[1m😀${E}[0m`, `${E}[31m${s}${E}[0m\r${E}[34mX`, `a${E}[31m\u200D${s}\rb`, `😀${E}[31m\uFE0F\r${s}`,
];

describe('collapsedSpans: parseAnsi(collapseCR(text)) in one pass', () => {
  it.each(INPUTS.map((s, k) => [k, s]))('input %i and its redraws', (_k, input) => {
    for (const v of VARIANTS(input as string)) expect(collapsedSpans(v), JSON.stringify(v)).toEqual(parseAnsi(collapseCR(v)));
  });

  it('a colour change right before a joiner or selector reads them as the two-pass path does', () => {
    for (const v of [`😀${E}[31m\u200D😀\rx`, `a${E}[1m\uFE0F\rb`, `🏴${E}[4m\u{E0067}\u{E0062}\u{E007F}\r!`]) {
      expect(collapsedSpans(v)).toEqual(parseAnsi(collapseCR(v)));
    }
  });

  it('agrees over random rows of colours, escapes, controls, invisible characters and carriage returns', () => {
    const pieces = ['a', 'bc', 'defgh', '\r', '\r', `${E}[31m`, `${E}[0m`, `${E}[1;42m`, `${E}[m`, `${E}[38;5;200m`, `${E}[48;2;9;8;7m`,
      '\0', 'é', '😀', '\u200D', '\uFE0F', '\u202E', '\u{E0067}', '🏴', '\u{E007F}', '\x85', `${E}]0;t${BEL}`, `${E}[2J`, '\t', '\uD800', ' '];
    let seed = 99;
    const next = () => {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    for (let k = 0; k < 3000; k++) {
      let text = '';
      const n = 1 + Math.floor(next() * 40);
      for (let i = 0; i < n; i++) text += pieces[Math.floor(next() * pieces.length)];
      expect(collapsedSpans(text), JSON.stringify(text)).toEqual(parseAnsi(collapseCR(text)));
    }
  });
});
