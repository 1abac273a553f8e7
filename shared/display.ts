/**
 * How script output is displayed. Script output is text, never markup and never
 * terminal commands: SGR colour codes are read into styles, every other escape
 * sequence is removed unread (so no title change, clipboard write, hyperlink or
 * screen switch can happen), the remaining control characters are shown as visible
 * symbols, and invisible characters (bidi overrides, zero-width characters, fillers,
 * tags) are shown as marked placeholders such as ⟨U+202E⟩, so text cannot pretend to
 * be something else. Used by the window (parseAnsi, plainText) and by the terminal
 * mode (terminalText, spansToTerminal). Pure and linear in the length of the text:
 * imports nothing.
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
  /** The span is the placeholder of one invisible character (its text is e.g. "⟨U+202E⟩"). */
  mark?: 'invisible';
}

const ESC = 0x1b;
const BEL = 0x07;
const CR = 0x0d;
const ST_C1 = 0x9c;

/** Tokens of a row: visible text, an SGR sequence (its parameter string), or a carriage return. */
type Token =
  | { t: 'text'; s: string; invisible?: boolean }
  | { t: 'sgr'; params: string }
  | { t: 'cr' };

/** Tokenizer modes. */
const MARK_INVISIBLE = 1;
const SPLIT_CR = 2;

/** Visible stand-in for a control character (Control Pictures; C1 as <U+0085>). */
export function controlPicture(c: number): string {
  if (c < 0x20) return String.fromCharCode(0x2400 + c);
  if (c === 0x7f) return '\u2421';
  return `<U+${c.toString(16).toUpperCase().padStart(4, '0')}>`;
}

const C1_PICTURES = Array.from({ length: 32 }, (_, k) => controlPicture(0x80 + k));

// Placeholders already made: the set of invisible code points is small and fixed.
const placeholders = new Map<number, string>();

/** Visible stand-in for an invisible character: "⟨U+202E⟩". */
export function invisiblePlaceholder(cp: number): string {
  let p = placeholders.get(cp);
  if (p === undefined) {
    p = `\u27e8U+${cp.toString(16).toUpperCase().padStart(4, '0')}\u27e9`;
    if (placeholders.size < 8192) placeholders.set(cp, p);
  }
  return p;
}

// What each UTF-16 code unit may be, so ordinary text costs one table lookup.
const VISIBLE = 0;
/** Always shown as a placeholder. */
const HIDDEN = 1;
/** A variation selector: legitimate once, right after a visible character (text or emoji presentation). */
const SELECTOR = 2;
/** Zero-width joiner: legitimate only inside an emoji sequence. */
const JOINER = 3;
/** High surrogate of a block that holds invisible characters: decided on the whole code point. */
const ASTRAL = 4;

const KIND = new Uint8Array(0x10000);
function setKind(from: number, to: number, kind: number): void {
  KIND.fill(kind, from, to + 1);
}
setKind(0x00ad, 0x00ad, HIDDEN); // soft hyphen
setKind(0x034f, 0x034f, HIDDEN); // combining grapheme joiner
setKind(0x061c, 0x061c, HIDDEN); // Arabic letter mark
setKind(0x115f, 0x1160, HIDDEN); // Hangul fillers
setKind(0x17b4, 0x17b5, HIDDEN); // Khmer inherent vowels
setKind(0x180b, 0x180d, SELECTOR); // Mongolian free variation selectors
setKind(0x180e, 0x180e, HIDDEN); // Mongolian vowel separator
setKind(0x180f, 0x180f, SELECTOR);
setKind(0x200b, 0x200f, HIDDEN); // zero-width space, ZWNJ, ZWJ, LRM, RLM
setKind(0x200d, 0x200d, JOINER);
setKind(0x2028, 0x202e, HIDDEN); // line and paragraph separators, bidi embeddings and overrides
setKind(0x2060, 0x206f, HIDDEN); // word joiner, invisible operators, bidi isolates, deprecated format characters
setKind(0x3164, 0x3164, HIDDEN); // Hangul filler
setKind(0xfe00, 0xfe0f, SELECTOR); // variation selectors
setKind(0xfeff, 0xfeff, HIDDEN); // zero-width no-break space (BOM)
setKind(0xffa0, 0xffa0, HIDDEN); // halfwidth Hangul filler
setKind(0xfff0, 0xfffb, HIDDEN); // unassigned specials, interlinear annotation
setKind(0xd82f, 0xd82f, ASTRAL); // U+1BC00–1BFFF: shorthand format controls
setKind(0xd834, 0xd834, ASTRAL); // U+1D000–1D3FF: musical symbol format characters
setKind(0xdb40, 0xdb43, ASTRAL); // U+E0000–E0FFF: tags, variation selectors supplement, reserved

const TAG_CANCEL = 0xe007f;
const BLACK_FLAG = 0x1f3f4;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;

function codePointBefore(text: string, i: number): number {
  if (i <= 0) return -1;
  const lo = text.charCodeAt(i - 1);
  if (lo >= 0xdc00 && lo <= 0xdfff && i >= 2) {
    const hi = text.charCodeAt(i - 2);
    if (hi >= 0xd800 && hi <= 0xdbff) return ((hi - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
  }
  return lo;
}

function astralKind(cp: number): number {
  if ((cp >= 0x1bca0 && cp <= 0x1bca3) || (cp >= 0x1d173 && cp <= 0x1d17a)) return HIDDEN;
  if (cp >= 0xe0100 && cp <= 0xe01ef) return SELECTOR;
  if (cp >= 0xe0000 && cp <= 0xe0fff) return HIDDEN;
  return VISIBLE;
}

function kindOf(cp: number): number {
  if (cp < 0) return HIDDEN;
  return cp < 0x10000 ? KIND[cp] : astralKind(cp);
}

/** A character a variation selector may follow: visible, not a space or a control. */
function isBase(cp: number): boolean {
  if (cp <= 0x20 || (cp >= 0x7f && cp <= 0xa0)) return false;
  return kindOf(cp) === VISIBLE;
}

function isEmojiPart(cp: number): boolean {
  return cp > 0xff && (PICTOGRAPHIC.test(String.fromCodePoint(cp)) || (cp >= 0x1f3fb && cp <= 0x1f3ff));
}

/**
 * Length of a tag sequence that completes a subdivision flag (🏴 + tag letters or
 * digits + cancel tag, as in the flag of Scotland) starting at `i`, or 0.
 */
function flagTagsAt(text: string, i: number): number {
  if (codePointBefore(text, i) !== BLACK_FLAG) return 0;
  let j = i;
  let letters = 0;
  while (j + 1 < text.length && letters <= 8) {
    const cp = text.codePointAt(j)!;
    j += 2;
    if (cp === TAG_CANCEL) return letters >= 2 ? j - i : 0;
    if (!((cp >= 0xe0061 && cp <= 0xe007a) || (cp >= 0xe0030 && cp <= 0xe0039))) return 0;
    letters++;
  }
  return 0;
}

/**
 * At a code unit whose kind is not VISIBLE: how many code units to pass over as
 * ordinary text (a positive number), or, for an invisible character, minus its length.
 */
function invisibleAt(text: string, i: number, unit: number): number {
  let kind = KIND[unit];
  let cp = unit;
  let len = 1;
  if (kind === ASTRAL) {
    cp = text.codePointAt(i)!;
    if (cp === unit) return -1; // a lone surrogate
    len = 2;
    kind = astralKind(cp);
    if (kind === VISIBLE) return 2;
    if (cp >= 0xe0000 && cp <= TAG_CANCEL) {
      const flag = flagTagsAt(text, i);
      if (flag) return flag;
    }
  }
  if (kind === SELECTOR) return isBase(codePointBefore(text, i)) ? len : -len;
  if (kind === JOINER) {
    const next = text.codePointAt(i + 1) ?? -1;
    const before = codePointBefore(text, i);
    return (before === 0xfe0f || isEmojiPart(before)) && isEmojiPart(next) ? 1 : -1;
  }
  return -len;
}

const C0_PICTURES = Array.from({ length: 32 }, (_, k) => controlPicture(k));

/** Pictures of the C0 controls and DELs in text[from, to): runs of one control (a row of NUL bytes) in one step. */
function picturesOf(text: string, from: number, to: number): string {
  const parts: string[] = [];
  let k = from;
  while (k < to) {
    const c = text.charCodeAt(k);
    let m = k + 1;
    while (m < to && text.charCodeAt(m) === c) m++;
    const picture = c === 0x7f ? '\u2421' : C0_PICTURES[c];
    parts.push(m - k === 1 ? picture : picture.repeat(m - k));
    k = m;
  }
  return parts.length === 1 ? parts[0] : parts.join('');
}

/** C0 controls (but tab and ESC) and DEL: shown as Control Pictures. */
function isPictured(c: number, mode: number): boolean {
  return (c < 0x20 && c !== 0x09 && c !== ESC && !(c === CR && mode & SPLIT_CR)) || c === 0x7f;
}

/** Text waiting to become a token: pieces of ordinary text, or a run of placeholders. */
class PendingText {
  private parts: string[] = [];
  private hidden = false;
  constructor(private readonly out: Token[]) {}

  add(s: string, hidden: boolean): void {
    if (hidden !== this.hidden) {
      this.end();
      this.hidden = hidden;
    }
    this.parts.push(s);
  }

  /** Ends the current token (before an SGR token, a carriage return or the end). */
  end(): void {
    const parts = this.parts;
    if (!parts.length) return;
    const s = parts.length === 1 ? parts[0] : parts.join('');
    this.out.push(this.hidden ? { t: 'text', s, invisible: true } : { t: 'text', s });
    this.parts = [];
  }
}

/** Index of the first character that is not plain text (control, escape, possibly invisible), or the length. */
function firstSpecial(text: string): number {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x20 && c < 0x7f) || c === 0x09 || (c > 0x9f && KIND[c] === VISIBLE)) continue;
    return i;
  }
  return n;
}

/**
 * Splits text into visible text and SGR tokens. Non-SGR escapes are dropped, controls
 * become pictures; with MARK_INVISIBLE invisible characters become placeholder tokens
 * (otherwise they stay as they are), with SPLIT_CR a carriage return is a token.
 */
function tokenize(text: string, mode: number, out: Token[], start = 0): void {
  const n = text.length;
  const markInvisible = (mode & MARK_INVISIBLE) !== 0;
  const pending = new PendingText(out);
  let i = start;
  let runStart = start;
  while (i < n) {
    const c = text.charCodeAt(i);
    if ((c >= 0x20 && c < 0x7f) || c === 0x09) {
      i++;
      continue;
    }
    if (c > 0x9f) {
      if (!markInvisible || KIND[c] === VISIBLE) {
        i++;
        continue;
      }
      const skip = invisibleAt(text, i, c);
      if (skip > 0) {
        i += skip;
        continue;
      }
      if (i > runStart) pending.add(text.slice(runStart, i), false);
      pending.add(invisiblePlaceholder(text.codePointAt(i)!), true);
      i -= skip;
      runStart = i;
      continue;
    }
    if (i > runStart) pending.add(text.slice(runStart, i), false);
    if (isPictured(c, mode)) {
      let j = i + 1;
      while (j < n && isPictured(text.charCodeAt(j), mode)) j++;
      pending.add(picturesOf(text, i, j), false);
      i = j;
      runStart = i;
      continue;
    }
    if (c === CR) {
      // Only reached with SPLIT_CR.
      pending.end();
      out.push({ t: 'cr' });
      i++;
      runStart = i;
      continue;
    }
    if (c !== ESC) {
      pending.add(C1_PICTURES[c - 0x80], false);
      i++;
      runStart = i;
      continue;
    }
    // An escape sequence: find where it ends; only CSI … m is kept (as a token).
    const next = i + 1 < n ? text.charCodeAt(i + 1) : -1;
    if (next === 0x5b /* [ */) {
      let j = i + 2;
      let sgrParams = true;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d >= 0x30 && d <= 0x3b) j++; // digits, ':' and ';'
        else if (d >= 0x20 && d <= 0x3f) {
          sgrParams = false;
          j++;
        } else break;
      }
      if (j < n) {
        const final = text.charCodeAt(j);
        if (final >= 0x40 && final <= 0x7e) {
          if (final === 0x6d /* m */ && sgrParams) {
            pending.end();
            out.push({ t: 'sgr', params: text.slice(i + 2, j) });
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
  if (n > runStart) pending.add(runStart === 0 ? text : text.slice(runStart), false);
  pending.end();
}

/** Applies one SGR parameter list to a style (mutates it). */
export function applySgr(style: Style, params: string): void {
  if (params.length <= 2 && params.indexOf(';') < 0 && params.indexOf(':') < 0) {
    // The common single code ("0", "1", "31"…).
    const p = params === '' ? 0 : Number(params);
    if (p !== 38 && p !== 48 && p !== 58) {
      applyOne(style, p);
      return;
    }
  }
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
    // Assigned rather than deleted so the object keeps its shape (this runs for every reset in a row).
    s.fg = undefined;
    s.bg = undefined;
    s.bold = s.dim = s.italic = s.underline = s.inverse = s.strike = false;
  } else if (p === 1) s.bold = true;
  else if (p === 2) s.dim = true;
  else if (p === 3) s.italic = true;
  else if (p === 4 || p === 21) s.underline = true;
  else if (p === 7) s.inverse = true;
  else if (p === 9) s.strike = true;
  else if (p === 22) s.bold = s.dim = false;
  else if (p === 23) s.italic = false;
  else if (p === 24) s.underline = false;
  else if (p === 27) s.inverse = false;
  else if (p === 29) s.strike = false;
  else if (p >= 30 && p <= 37) s.fg = p - 30;
  else if (p === 39) s.fg = undefined;
  else if (p >= 40 && p <= 47) s.bg = p - 40;
  else if (p === 49) s.bg = undefined;
  else if (p >= 90 && p <= 97) s.fg = p - 90 + 8;
  else if (p >= 100 && p <= 107) s.bg = p - 100 + 8;
  // Everything else (blink, conceal, fonts…) is ignored on purpose: conceal could hide text.
}

function cleanStyle(s: Style): Style {
  return spanOf(undefined, s);
}

/** A span (or, without text, a style) holding only what the style sets. */
function spanOf(text: string | undefined, s: Style): Span {
  const out = (text === undefined ? {} : { text }) as Span;
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
  if (s.fg !== undefined) p.push(colorSgr(s.fg, 30, 90, 38));
  if (s.bg !== undefined) p.push(colorSgr(s.bg, 40, 100, 48));
  return `\x1b[${p.join(';')}m`;
}

function colorSgr(c: Color, base: number, bright: number, ext: number): string {
  if (typeof c === 'string') return `${ext};2;${parseInt(c.slice(1, 3), 16)};${parseInt(c.slice(3, 5), 16)};${parseInt(c.slice(5, 7), 16)}`;
  if (c < 8) return String(base + c);
  if (c < 16) return String(bright + c - 8);
  return `${ext};5;${c}`;
}

const RESET = '\x1b[0m';

function isPlainStyle(s: Style): boolean {
  return s.fg === undefined && s.bg === undefined && !s.bold && !s.dim && !s.italic && !s.underline && !s.inverse && !s.strike;
}

/**
 * Styled spans of one row. Every row starts plain (no state carries between rows).
 * Each invisible character is a span of its own, marked, whose text is its
 * placeholder. Apply collapseCR first; a carriage return left in the text is shown as ␍.
 */
export function parseAnsi(text: string): Span[] {
  if (firstSpecial(text) === text.length) return text === '' ? [] : [{ text }];
  const tokens: Token[] = [];
  tokenize(text, MARK_INVISIBLE, tokens);
  const spans: Span[] = [];
  const style: Style = {};
  // The last span's text, joined once it is complete (a row may hold many tokens of one style).
  let open: Span | null = null;
  let parts: string[] = [];
  for (const tok of tokens) {
    if (tok.t === 'sgr') {
      applySgr(style, tok.params);
      continue;
    }
    if (tok.t === 'cr') continue;
    if (!tok.invisible && open && sameStyle(open, style)) {
      parts.push(tok.s);
      continue;
    }
    if (open && parts.length > 1) open.text = parts.join('');
    open = null;
    parts = [];
    const span = spanOf(tok.s, style);
    if (tok.invisible) span.mark = 'invisible';
    else {
      open = span;
      parts.push(tok.s);
    }
    spans.push(span);
  }
  if (open && parts.length > 1) open.text = parts.join('');
  return spans;
}

/**
 * What a terminal shows of a line redrawn with carriage returns: each column's last
 * character and the style it was written in (`styled`: some SGR code occurred).
 */
function overwriteColumns(body: string): { chars: string[]; styles: Style[]; styled: boolean } {
  const tokens: Token[] = [];
  tokenize(body, SPLIT_CR, tokens);
  const chars: string[] = [];
  const styles: Style[] = [];
  let styled = false;
  const style: Style = {};
  let snap: Style | null = null;
  let col = 0;
  for (const tok of tokens) {
    if (tok.t === 'cr') {
      col = 0;
      continue;
    }
    if (tok.t === 'sgr') {
      applySgr(style, tok.params);
      styled = true;
      snap = null;
      continue;
    }
    snap ??= cleanStyle(style);
    for (const ch of tok.s) {
      chars[col] = ch;
      styles[col] = snap;
      col++;
    }
  }
  return { chars, styles, styled };
}

/**
 * A carriage return moves back to the start of the line and what follows overwrites
 * what was there, as on a terminal: "abcdef\rXY" shows "XYcdef". A trailing lone
 * "\r" (as in CRLF) changes nothing and is removed. Colours stay with the characters
 * they were written with; the result is re-encoded with SGR codes where needed.
 * Escapes other than SGR are removed and controls become pictures; invisible
 * characters are kept as they are (parseAnsi marks them).
 */
export function collapseCR(text: string): string {
  if (text.indexOf('\r') < 0) return text;
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === CR) end--;
  const body = end === text.length ? text : text.slice(0, end);
  if (body.indexOf('\r') < 0) return body;
  const { chars, styles, styled } = overwriteColumns(body);
  if (!styled) return chars.join('');
  const parts: string[] = [];
  let prev: Style = {};
  let runStart = 0;
  for (let k = 0; k < chars.length; k++) {
    const s = styles[k];
    if (s !== prev && !sameStyle(prev, s)) {
      if (k > runStart) parts.push(chars.slice(runStart, k).join(''));
      parts.push(styleToSgr(s));
      prev = s;
      runStart = k;
    }
  }
  parts.push(chars.slice(runStart).join(''));
  return parts.join('');
}

/**
 * parseAnsi(collapseCR(text)) in one pass: the row is tokenized once, carriage returns
 * overwrite columns as collapseCR does, and the columns' runs of one style become spans
 * directly, without writing SGR codes for parseAnsi to read again. Invisible characters
 * are marked as parseAnsi marks them in collapseCR's output, where a run after a
 * colour change follows the `m` that ended its SGR code.
 */
export function collapsedSpans(text: string): Span[] {
  if (text.indexOf('\r') < 0) return parseAnsi(text);
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === CR) end--;
  const body = end === text.length ? text : text.slice(0, end);
  if (body.indexOf('\r') < 0) return parseAnsi(body);
  const { chars, styles, styled } = overwriteColumns(body);
  if (!styled) return parseAnsi(chars.join(''));
  const spans: Span[] = [];
  let prev: Style = {};
  let runStart = 0;
  let afterSgr = false;
  for (let k = 0; k < chars.length; k++) {
    const s = styles[k];
    if (s !== prev && !sameStyle(prev, s)) {
      if (k > runStart) runSpans(chars.slice(runStart, k).join(''), prev, afterSgr, spans);
      prev = s;
      runStart = k;
      afterSgr = true;
    }
  }
  if (chars.length > runStart) runSpans(chars.slice(runStart).join(''), prev, afterSgr, spans);
  return spans;
}

/** The spans of one run of a style: its text, with each invisible character a marked span of its own. */
function runSpans(run: string, style: Style, afterSgr: boolean, spans: Span[]): void {
  if (firstSpecial(run) === run.length) {
    spans.push(spanOf(run, style));
    return;
  }
  const tokens: Token[] = [];
  // The character before the run decides whether a joiner or selector at its start is shown.
  if (afterSgr) tokenize(`m${run}`, MARK_INVISIBLE, tokens, 1);
  else tokenize(run, MARK_INVISIBLE, tokens);
  for (const tok of tokens) {
    if (tok.t !== 'text') continue;
    const span = spanOf(tok.s, style);
    if (tok.invisible) span.mark = 'invisible';
    spans.push(span);
  }
}

/**
 * What a person reads: carriage returns collapsed, escapes removed, controls shown as
 * symbols, invisible characters as placeholders. Also the form of every script-supplied
 * name, peer, command or message printed to a terminal. With `markInvisible` false,
 * invisible characters stay as they are (the text export keeps the characters received).
 */
export function plainText(text: string, markInvisible = true): string {
  if (firstSpecial(text) === text.length) return text;
  const tokens: Token[] = [];
  tokenize(collapseCR(text), markInvisible ? MARK_INVISIBLE : 0, tokens);
  const parts: string[] = [];
  for (const tok of tokens) if (tok.t === 'text') parts.push(tok.s);
  return parts.length === 1 ? parts[0] : parts.join('');
}

/**
 * Spans for a terminal, from visible character `from` on: only the safe SGR subset
 * (colours; bold, dim, italic, underline, inverse, strike; never conceal or blink),
 * and a reset at the end whenever any style was set, so nothing carries over to the
 * next line. No other escape sequence and no control character is ever produced.
 */
export function spansToTerminal(spans: readonly Span[], from = 0): string {
  if (spans.length === 1 && isPlainStyle(spans[0])) return from > 0 ? spans[0].text.slice(from) : spans[0].text;
  const parts: string[] = [];
  let pos = 0;
  let current: Style = {};
  let styled = false;
  for (const span of spans) {
    const end = pos + span.text.length;
    if (end <= from) {
      pos = end;
      continue;
    }
    const text = from > pos ? span.text.slice(from - pos) : span.text;
    pos = end;
    if (!sameStyle(current, span)) {
      parts.push(isPlainStyle(span) ? RESET : styleToSgr(span));
      current = span;
      styled = true;
    }
    parts.push(text);
  }
  if (styled) parts.push(RESET);
  return parts.join('');
}

/**
 * One row of script output for a terminal (`porthole listen`): carriage returns
 * collapsed to the final state, then as spansToTerminal. Never contains a line feed,
 * carriage return or any escape outside the safe SGR subset.
 */
export function terminalText(text: string): string {
  return spansToTerminal(parseAnsi(collapseCR(text)));
}
