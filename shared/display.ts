/**
 * How script output is displayed. Script output is text, never markup and never
 * terminal commands: SGR colour codes are read into styles, every other escape
 * sequence is removed unread (so no title change, clipboard write, hyperlink or
 * screen switch can happen), and the remaining control characters are shown as
 * visible symbols. Used by the window (parseAnsi, plainText) and by the terminal
 * mode (terminalSafe). Pure: imports nothing.
 */

export type Color = number | string;

export interface Style {
  /** 0–255 palette index, or '#rrggbb'. */
  fg?: Color;
  bg?: Color;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
  strike?: boolean;
}

export interface Span extends Style {
  text: string;
}

const ESC = 0x1b;
const BEL = 0x07;
const ST_C1 = 0x9c;

/** Tokens of a row: visible text, an SGR sequence (its parameter string), or a dropped sequence. */
type Token =
  | { t: 'text'; s: string }
  | { t: 'sgr'; params: string; raw: string };

function isPlainChar(c: number): boolean {
  return (c >= 0x20 && c < 0x7f) || c > 0x9f || c === 0x09;
}

/** Visible stand-in for a control character (Control Pictures; C1 as <U+0085>). */
export function controlPicture(c: number): string {
  if (c < 0x20) return String.fromCharCode(0x2400 + c);
  if (c === 0x7f) return '\u2421';
  return `<U+${c.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/**
 * Splits text into visible text and SGR tokens. Non-SGR escapes are dropped;
 * controls outside `keep` become pictures.
 */
function tokenize(text: string, keep: (c: number) => boolean, out: Token[]): void {
  const n = text.length;
  let i = 0;
  let buf = '';
  let runStart = 0;
  const flush = (end: number) => {
    if (end > runStart) buf += text.slice(runStart, end);
  };
  const pushText = () => {
    if (buf) {
      out.push({ t: 'text', s: buf });
      buf = '';
    }
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isPlainChar(c) || keep(c)) {
      i++;
      continue;
    }
    flush(i);
    if (c !== ESC) {
      buf += controlPicture(c);
      i++;
      runStart = i;
      continue;
    }
    // An escape sequence: find where it ends; only CSI … m is kept (as a token).
    const start = i;
    const next = i + 1 < n ? text.charCodeAt(i + 1) : -1;
    if (next === 0x5b /* [ */) {
      let j = i + 2;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d >= 0x20 && d <= 0x3f) j++;
        else break;
      }
      if (j < n) {
        const final = text.charCodeAt(j);
        if (final >= 0x40 && final <= 0x7e) {
          const params = text.slice(i + 2, j);
          if (final === 0x6d /* m */ && /^[0-9;:]*$/.test(params)) {
            pushText();
            out.push({ t: 'sgr', params, raw: text.slice(start, j + 1) });
          }
          i = j + 1;
        } else {
          // Broken sequence: drop what was read, show the interrupting character normally.
          i = j;
        }
      } else {
        i = n;
      }
    } else if (next === 0x5d /* ] OSC */ || next === 0x50 /* P DCS */ || next === 0x5f /* _ APC */
      || next === 0x5e /* ^ PM */ || next === 0x58 /* X SOS */) {
      // A control string: ends at ST (ESC \ or U+009C), BEL for OSC, or an ESC that starts something else.
      let j = i + 2;
      for (;;) {
        if (j >= n) { i = n; break; }
        const d = text.charCodeAt(j);
        if (d === ST_C1 || (d === BEL && next === 0x5d)) { i = j + 1; break; }
        if (d === ESC) {
          i = j + 1 < n && text.charCodeAt(j + 1) === 0x5c ? j + 2 : j;
          break;
        }
        j++;
      }
    } else if (next === -1) {
      i = n;
    } else {
      // ESC, intermediates (0x20–0x2F), one final byte (0x30–0x7E): "ESC ( B", "ESC 7", "ESC c"…
      let j = i + 1;
      while (j < n && text.charCodeAt(j) >= 0x20 && text.charCodeAt(j) <= 0x2f) j++;
      if (j < n && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x7e) j++;
      i = j;
    }
    runStart = i;
  }
  flush(n);
  pushText();
}

const noControls = () => false;

/** Applies one SGR parameter list to a style (mutates it). */
export function applySgr(style: Style, params: string): void {
  const parts = params === '' ? ['0'] : params.split(';');
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k];
    if (part.includes(':')) {
      // ITU form: "38:2::R:G:B", "38:2:R:G:B", "38:5:N", "4:3".
      const sub = part.split(':');
      const p = Number(sub[0] || 0);
      if (p === 38 || p === 48 || p === 58) {
        const mode = Number(sub[1]);
        let color: Color | undefined;
        if (mode === 5) color = palette(Number(sub[2]));
        else if (mode === 2) {
          const rgb = sub.length >= 6 ? sub.slice(3, 6) : sub.slice(2, 5);
          color = rgbColor(rgb.map(Number));
        }
        if (p === 38) style.fg = color;
        else if (p === 48) style.bg = color;
      } else if (p === 4) {
        style.underline = Number(sub[1] || 0) !== 0;
      } else {
        applyOne(style, p);
      }
      continue;
    }
    const p = part === '' ? 0 : Number(part);
    if (p === 38 || p === 48 || p === 58) {
      const mode = Number(parts[k + 1]);
      let color: Color | undefined;
      if (mode === 5) {
        color = palette(Number(parts[k + 2]));
        k += 2;
      } else if (mode === 2) {
        color = rgbColor([Number(parts[k + 2]), Number(parts[k + 3]), Number(parts[k + 4])]);
        k += 4;
      } else {
        k += 1;
      }
      if (p === 38) style.fg = color;
      else if (p === 48) style.bg = color;
      continue;
    }
    applyOne(style, p);
  }
}

function palette(n: number): number | undefined {
  return Number.isInteger(n) && n >= 0 && n <= 255 ? n : undefined;
}

function rgbColor(rgb: number[]): string | undefined {
  if (rgb.length !== 3 || rgb.some((v) => !Number.isInteger(v) || v < 0 || v > 255)) return undefined;
  return '#' + rgb.map((v) => v.toString(16).padStart(2, '0')).join('');
}

function applyOne(s: Style, p: number): void {
  if (p === 0) {
    for (const key of Object.keys(s) as (keyof Style)[]) delete s[key];
  } else if (p === 1) s.bold = true;
  else if (p === 2) s.dim = true;
  else if (p === 3) s.italic = true;
  else if (p === 4 || p === 21) s.underline = true;
  else if (p === 7) s.inverse = true;
  else if (p === 9) s.strike = true;
  else if (p === 22) { delete s.bold; delete s.dim; }
  else if (p === 23) delete s.italic;
  else if (p === 24) delete s.underline;
  else if (p === 27) delete s.inverse;
  else if (p === 29) delete s.strike;
  else if (p >= 30 && p <= 37) s.fg = p - 30;
  else if (p === 39) delete s.fg;
  else if (p >= 40 && p <= 47) s.bg = p - 40;
  else if (p === 49) delete s.bg;
  else if (p >= 90 && p <= 97) s.fg = p - 90 + 8;
  else if (p >= 100 && p <= 107) s.bg = p - 100 + 8;
  // Everything else (blink, conceal, fonts…) is ignored on purpose: conceal could hide text.
}

function cleanStyle(s: Style): Style {
  const out: Style = {};
  if (s.fg !== undefined) out.fg = s.fg;
  if (s.bg !== undefined) out.bg = s.bg;
  if (s.bold) out.bold = true;
  if (s.dim) out.dim = true;
  if (s.italic) out.italic = true;
  if (s.underline) out.underline = true;
  if (s.inverse) out.inverse = true;
  if (s.strike) out.strike = true;
  return out;
}

function sameStyle(a: Style, b: Style): boolean {
  return a.fg === b.fg && a.bg === b.bg && !a.bold === !b.bold && !a.dim === !b.dim
    && !a.italic === !b.italic && !a.underline === !b.underline && !a.inverse === !b.inverse
    && !a.strike === !b.strike;
}

/** The SGR sequence that sets exactly this style from any state. */
export function styleToSgr(s: Style): string {
  const p: string[] = ['0'];
  if (s.bold) p.push('1');
  if (s.dim) p.push('2');
  if (s.italic) p.push('3');
  if (s.underline) p.push('4');
  if (s.inverse) p.push('7');
  if (s.strike) p.push('9');
  const color = (c: Color | undefined, base: number, bright: number, ext: number) => {
    if (c === undefined) return;
    if (typeof c === 'string') {
      p.push(`${ext};2;${parseInt(c.slice(1, 3), 16)};${parseInt(c.slice(3, 5), 16)};${parseInt(c.slice(5, 7), 16)}`);
    } else if (c < 8) p.push(String(base + c));
    else if (c < 16) p.push(String(bright + c - 8));
    else p.push(`${ext};5;${c}`);
  };
  color(s.fg, 30, 90, 38);
  color(s.bg, 40, 100, 48);
  return `\x1b[${p.join(';')}m`;
}

/**
 * Styled spans of one row. Every row starts plain (no state carries between rows).
 * Apply collapseCR first; a carriage return left in the text is shown as ␍.
 */
export function parseAnsi(text: string): Span[] {
  const tokens: Token[] = [];
  tokenize(text, noControls, tokens);
  const spans: Span[] = [];
  const style: Style = {};
  for (const tok of tokens) {
    if (tok.t === 'sgr') {
      applySgr(style, tok.params);
      continue;
    }
    const last = spans[spans.length - 1];
    if (last && sameStyle(last, style)) last.text += tok.s;
    else spans.push({ text: tok.s, ...cleanStyle(style) });
  }
  return spans;
}

/**
 * A carriage return moves back to the start of the line and what follows overwrites
 * what was there, as on a terminal: "abcdef\rXY" shows "XYcdef". A trailing lone
 * "\r" (as in CRLF) changes nothing and is removed. Colours stay with the characters
 * they were written with; the result is re-encoded with SGR codes where needed.
 */
export function collapseCR(text: string): string {
  if (text.indexOf('\r') < 0) return text;
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x0d) end--;
  const body = text.slice(0, end);
  if (body.indexOf('\r') < 0) return body;
  const chars: string[] = [];
  const styles: Style[] = [];
  let styled = false;
  const style: Style = {};
  for (const segment of body.split('\r')) {
    const tokens: Token[] = [];
    tokenize(segment, noControls, tokens);
    let col = 0;
    for (const tok of tokens) {
      if (tok.t === 'sgr') {
        applySgr(style, tok.params);
        styled = true;
        continue;
      }
      const snap = cleanStyle(style);
      for (const ch of tok.s) {
        chars[col] = ch;
        styles[col] = snap;
        col++;
      }
    }
  }
  if (!styled) return chars.join('');
  let out = '';
  let prev: Style = {};
  for (let k = 0; k < chars.length; k++) {
    if (!sameStyle(prev, styles[k])) {
      out += styleToSgr(styles[k]);
      prev = styles[k];
    }
    out += chars[k];
  }
  return out;
}

/** What a person reads: carriage returns collapsed, escapes removed, controls shown as symbols. */
export function plainText(text: string): string {
  const tokens: Token[] = [];
  tokenize(collapseCR(text), noControls, tokens);
  let out = '';
  for (const tok of tokens) if (tok.t === 'text') out += tok.s;
  return out;
}

const terminalKeeps = (c: number) => c === 0x0a || c === 0x0d;

/**
 * For printing script output to a terminal (`porthole listen`): SGR colour codes pass
 * through unchanged, every other escape sequence is removed, other control characters
 * become symbols. Line feed and carriage return pass through so a progress line
 * still rewrites itself on the terminal.
 */
export function terminalSafe(text: string): string {
  const tokens: Token[] = [];
  tokenize(text, terminalKeeps, tokens);
  let out = '';
  for (const tok of tokens) out += tok.t === 'text' ? tok.s : tok.raw;
  return out;
}
