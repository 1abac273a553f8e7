import { describe, expect, it } from 'vitest';
import { collapseCR, parseAnsi, plainText, spansToTerminal, terminalText, type Span } from './display.ts';

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

describe('invisible characters', () => {
  const P = (hex: string) => `\u27e8U+${hex}\u27e9`;
  it.each([
    ['right-to-left override', 'invoice\u202Egpj.exe', `invoice${P('202E')}gpj.exe`],
    ['every bidi embedding, override and isolate', '\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069',
      ['202A', '202B', '202C', '202D', '2066', '2067', '2068', '2069'].map(P).join('')],
    ['direction marks', 'a\u200Eb\u200Fc\u061Cd', `a${P('200E')}b${P('200F')}c${P('061C')}d`],
    ['zero-width space and non-joiner', 'pass\u200Bword\u200C', `pass${P('200B')}word${P('200C')}`],
    ['word joiner and invisible operators', '\u2060\u2061\u2062\u2063\u2064', ['2060', '2061', '2062', '2063', '2064'].map(P).join('')],
    ['byte order mark', '\uFEFFstart', `${P('FEFF')}start`],
    ['soft hyphen', 'ad\u00ADmin', `ad${P('00AD')}min`],
    ['Mongolian vowel separator', 'a\u180Eb', `a${P('180E')}b`],
    ['Hangul fillers', '\u115F\u1160\u3164\uFFA0', ['115F', '1160', '3164', 'FFA0'].map(P).join('')],
    ['interlinear annotation', '\uFFF9a\uFFFAb\uFFFB', `${P('FFF9')}a${P('FFFA')}b${P('FFFB')}`],
    ['line and paragraph separators', 'a\u2028b\u2029', `a${P('2028')}b${P('2029')}`],
    ['tag characters (hidden ASCII)', 'ok\u{E0001}\u{E0068}\u{E0069}', `ok${P('E0001')}${P('E0068')}${P('E0069')}`],
    ['musical format characters', '\u{1D173}', P('1D173')],
    ['variation selector after an emoji is legitimate', '\u2764\uFE0F \u263A\uFE0E', '\u2764\uFE0F \u263A\uFE0E'],
    ['variation selector after a letter is legitimate', 'a\uFE00', 'a\uFE00'],
    ['isolated variation selector', '\uFE0Fx', `${P('FE0F')}x`],
    ['variation selector after a space', 'a \uFE0F', `a ${P('FE0F')}`],
    ['a second variation selector (data hidden in selectors)', '😀\uFE0F\uFE01\u{E0100}', `😀\uFE0F${P('FE01')}${P('E0100')}`],
    ['emoji ZWJ sequence is legitimate', '👩\u200D💻 👨\u200D👩\u200D👧 🏳\uFE0F\u200D🌈 👩🏽\u200D💻', '👩\u200D💻 👨\u200D👩\u200D👧 🏳\uFE0F\u200D🌈 👩🏽\u200D💻'],
    ['ZWJ between letters', 'a\u200Db', `a${P('200D')}b`],
    ['ZWJ at the end after an emoji', '😀\u200D', `😀${P('200D')}`],
    ['subdivision flag is legitimate', '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}', '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}'],
    ['tags after a flag without the cancel tag', '🏴\u{E0067}\u{E0062}', `🏴${P('E0067')}${P('E0062')}`],
    ['ordinary text untouched', 'héllo wörld 日本語 😀 ﷺ', 'héllo wörld 日本語 😀 ﷺ'],
    ['no-break and ideographic spaces are spaces', 'a\u00A0b\u3000c', 'a\u00A0b\u3000c'],
  ])('%s', (_name, input, expected) => {
    expect(plainText(input)).toBe(expected);
    expect(parseAnsi(input).map((s) => s.text).join('')).toBe(expected);
  });

  it('marks each placeholder as a span of its own, keeping the colour around it', () => {
    expect(parseAnsi(`${E}[31mevil\u202Etxt.exe${E}[0m`)).toEqual([
      { text: 'evil', fg: 1 },
      { text: P('202E'), fg: 1, mark: 'invisible' },
      { text: 'txt.exe', fg: 1 },
    ]);
  });

  it('survives carriage-return collapsing and is marked after it', () => {
    const spans = parseAnsi(collapseCR('xxxxxxxxxxxx\rinvoice\u202Egpj'));
    expect(spans.map((s) => s.text).join('')).toBe(`invoice${P('202E')}gpjx`);
    expect(spans.filter((s) => s.mark === 'invisible')).toHaveLength(1);
  });

  it('is shown in terminal output too', () => {
    expect(terminalText('invoice\u202Egpj.exe')).toBe(`invoice${P('202E')}gpj.exe`);
  });
});

/** Every ESC sequence in terminal output must be an SGR made only of the safe parameters. */
function unsafeEscapes(out: string): string[] {
  const bad: string[] = [];
  const re = /\x1b(\[([0-9;]*)m)?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(out)) !== null) {
    if (!m[1]) {
      bad.push(JSON.stringify(out.slice(m.index, m.index + 8)));
      continue;
    }
    const p = m[2].split(';').map(Number);
    for (let k = 0; k < p.length; k++) {
      const v = p[k];
      if (v === 38 || v === 48) {
        k += p[k + 1] === 5 ? 2 : 4;
        continue;
      }
      if (![0, 1, 2, 3, 4, 7, 9].includes(v) && !(v >= 30 && v <= 37) && !(v >= 40 && v <= 47) && !(v >= 90 && v <= 97) && !(v >= 100 && v <= 107)) {
        bad.push(m[0]);
      }
    }
  }
  return bad;
}

describe('terminalText', () => {
  it.each([
    ['plain stays plain', 'hello', 'hello'],
    ['SGR re-encoded and reset at the end', `${E}[1;38;5;208mhot`, `${E}[0;1;38;5;208mhot${E}[0m`],
    ['reset mid-row, reset again at the end', `${E}[31mred${E}[0m plain`, `${E}[0;31mred${E}[0m plain${E}[0m`],
    ['truecolor kept', `${E}[48;2;1;2;3mx`, `${E}[0;48;2;1;2;3mx${E}[0m`],
    ['conceal dropped: the text shows', `pass: ${E}[8msecret${E}[28m`, 'pass: secret'],
    ['blink dropped', `${E}[5;6mwarn`, 'warn'],
    ['conceal among safe attributes', `${E}[1;8mX`, `${E}[0;1mX${E}[0m`],
    ['fonts, overline, framed dropped', `${E}[11;53;51mx`, 'x'],
    ['OSC 52 dropped', `a${E}]52;c;Zm9v${BEL}b`, 'ab'],
    ['OSC 8 dropped', `${E}]8;;http://x${BEL}l${E}]8;;${BEL}`, 'l'],
    ['title dropped', `${E}]0;pwned${BEL}ok`, 'ok'],
    ['screen, cursor and alternate screen dropped', `${E}[2J${E}[H${E}[K${E}[?1049hok`, 'ok'],
    ['DCS dropped', `a${E}Pq${E}\\b`, 'ab'],
    ['progress collapses to its final state', ' 10%\r 50%\r100%', '100%'],
    ['CR cannot overwrite what came before', 'abcdef\rXY', 'XYcdef'],
    ['trailing CR removed', 'line\r', 'line'],
    ['BEL, BS, NUL shown', 'a\x07\x08\x00', 'a\u2407\u2408\u2400'],
    ['C1 CSI shown, not acted on', '\u009b2J', '<U+009B>2J'],
    ['line feed cannot appear', 'a\nb', 'a\u240ab'],
    ['tab kept', '\tx', '\tx'],
  ])('%s', (_name, input, expected) => {
    expect(terminalText(input)).toBe(expected);
  });

  it.each([
    `${E}[8m${E}[5m${E}[6m${E}[31;8;5mhidden`,
    `${E}]0;x${BEL}${E}]52;c;eA==${E}\\${E}[2J${E}[1;1H${E}[?25l${E}P+q${E}\\${E}_a${E}\\${E}^b${E}\\${E}Xc${E}\\${E}7${E}8${E}c`,
    `${E}[38:2::1:2:3m${E}[4:3m${E}[58;5;1m${E}[21m${E}[53mtext`,
    `\u009b31m\u009d0;t\u009c\u0090x\u009c`,
    `${E}[31mred\r${E}[32mgreen\r\x1b[8m`,
  ])('output of %j holds only safe SGR and ends reset', (input) => {
    const out = terminalText(input);
    expect(unsafeEscapes(out)).toEqual([]);
    expect(out).not.toMatch(/[\x00-\x08\x0a-\x1a\x1c-\x1f\x7f\u0080-\u009f]/);
    if (out.includes(E)) expect(out.endsWith(`${E}[0m`)).toBe(true);
  });

  it('prints spans from a visible offset with the style they carry', () => {
    const spans = parseAnsi(`${E}[32mPass${E}[1mword: `);
    expect(spansToTerminal(spans, 6)).toBe(`${E}[0;1;32mrd: ${E}[0m`);
    expect(spansToTerminal(spans, 10)).toBe('');
  });
});

describe('speed', () => {
  const time = (fn: () => unknown) => {
    let best = Infinity;
    for (let k = 0; k < 7; k++) {
      const t = performance.now();
      fn();
      best = Math.min(best, performance.now() - t);
    }
    return best;
  };
  // The limit: well under 5 ms for NUL bytes and plain text; the rest make more text
  // (a placeholder is 8 characters) or more spans and get a looser limit.
  const rows: [string, string, number][] = [
    ['NUL bytes', '\x00'.repeat(65536), 5],
    ['plain text', 'The quick brown fox jumps over the lazy dog. '.repeat(1457).slice(0, 65536), 5],
    ['colour codes', `${E}[31mx${E}[0m`.repeat(6554).slice(0, 65536), 15],
    ['carriage returns', 'progress 42%\r'.repeat(5042).slice(0, 65536), 15],
    ['invisible characters', '\u202E\u200B'.repeat(32768), 15],
    ['C1 controls', '\u0085'.repeat(65536), 15],
  ];
  it.each(rows)('a 64 KiB row of %s takes less than its limit in each function', (name, row, limit) => {
    // Warm up, then take the best of several runs (the machine is shared).
    for (let k = 0; k < 3; k++) terminalText(row);
    const ms = {
      parseAnsi: time(() => parseAnsi(row)),
      collapseCR: time(() => collapseCR(row)),
      plainText: time(() => plainText(row)),
      terminalText: time(() => terminalText(row)),
    };
    console.log(`64 KiB of ${name}: ${Object.entries(ms).map(([k, v]) => `${k} ${v.toFixed(2)} ms`).join(', ')}`);
    for (const v of Object.values(ms)) expect(v).toBeLessThan(limit);
  });
});
