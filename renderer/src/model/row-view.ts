import { plainText, type Span } from '../../../shared/display.ts';
import type { Row } from '../../../shared/types.ts';
import { rowSpans } from './carriage-return.ts';

/**
 * Styled spans drawn per row: a colour for every character a 1280-pixel window shows.
 * The rest of the row is drawn unstyled, so a colour-code bomb stays cheap to lay out
 * (and to collect: every span is a page element) while all of its text stays readable.
 */
export const MAX_SPANS = 128;
/**
 * Characters of a row drawn until the person asks for the whole row: a 10,000-character
 * JSON line is drawn whole, while a screenful of 64 KiB rows (NUL floods draw as
 * symbols from a fallback font, tens of milliseconds of layout each) stays cheap.
 */
export const FOLD_CHARS = 16_384;
/** Rows are at most 64 KiB of bytes (the core splits longer lines); anything longer is cut first. */
const MAX_ROW_CHARS = 128 * 1024;

export interface RowView {
  plain: string;
  spans: Span[];
}

// Parsed form of the rows on screen, dropped with the row objects themselves.
const cache = new WeakMap<Row, RowView>();

/** The row's drawn form, if already computed. */
export function cachedRowView(row: Row): RowView | undefined {
  return cache.get(row);
}

/**
 * The row as drawn: carriage returns resolved over the whole row first (so a progress
 * line shows its latest state), then all of its text in at most MAX_SPANS styles.
 * Computed once per row object.
 */
export function rowView(row: Row): RowView {
  let v = cache.get(row);
  if (!v) {
    v = drawnForm(row.text);
    cache.set(row, v);
  }
  return v;
}

function drawnForm(raw: string): RowView {
  return cap(rowSpans(raw.length > MAX_ROW_CHARS ? safeSlice(raw, MAX_ROW_CHARS) : raw));
}

/** At most MAX_SPANS spans: the text of those past the last styled one joins one unstyled span. */
function cap(spans: Span[]): RowView {
  let out = spans;
  if (spans.length > MAX_SPANS) {
    out = spans.slice(0, MAX_SPANS - 1);
    const rest: string[] = [];
    for (let k = MAX_SPANS - 1; k < spans.length; k++) rest.push(spans[k].text);
    const last = out[out.length - 1];
    if (isPlain(last)) out[out.length - 1] = { text: last.text + rest.join('') };
    else out.push({ text: rest.join('') });
  }
  let plain = '';
  for (const s of out) plain += s.text;
  return { plain, spans: out };
}

const folds = new WeakMap<RowView, RowView>();

/** The first FOLD_CHARS characters of a row's drawn form (the view itself when shorter). */
export function foldedView(v: RowView): RowView {
  if (v.plain.length <= FOLD_CHARS) return v;
  let f = folds.get(v);
  if (!f) {
    const spans: Span[] = [];
    let len = 0;
    for (const s of v.spans) {
      if (len + s.text.length >= FOLD_CHARS) {
        spans.push({ ...s, text: safeSlice(s.text, FOLD_CHARS - len) });
        break;
      }
      spans.push(s);
      len += s.text.length;
    }
    let plain = '';
    for (const s of spans) plain += s.text;
    f = { plain, spans };
    folds.set(v, f);
  }
  return f;
}

function isPlain(s: Span): boolean {
  return s.fg === undefined && s.bg === undefined && !s.bold && !s.dim && !s.italic && !s.underline && !s.inverse && !s.strike && !s.mark;
}
/** The first n UTF-16 units, not ending inside a surrogate pair. */
function safeSlice(s: string, n: number): string {
  if (n <= 0) return '';
  const c = s.charCodeAt(n - 1);
  return s.slice(0, c >= 0xd800 && c <= 0xdbff ? n - 1 : n);
}

/** The full plain text of a row, for copying. */
export function rowPlain(row: Row): string {
  return plainText(row.text);
}

const PALETTE_16 = [
  'var(--ansi-0)', 'var(--ansi-1)', 'var(--ansi-2)', 'var(--ansi-3)', 'var(--ansi-4)', 'var(--ansi-5)', 'var(--ansi-6)', 'var(--ansi-7)',
  'var(--ansi-8)', 'var(--ansi-9)', 'var(--ansi-10)', 'var(--ansi-11)', 'var(--ansi-12)', 'var(--ansi-13)', 'var(--ansi-14)', 'var(--ansi-15)',
];

/** CSS colour of an SGR colour: the theme's 16, the xterm 6×6×6 cube and grey ramp, or '#rrggbb'. */
export function cssColor(c: number | string | undefined): string | undefined {
  if (c === undefined) return undefined;
  if (typeof c === 'string') return c;
  if (c < 16) return PALETTE_16[c];
  if (c < 232) {
    const n = c - 16;
    const level = (v: number) => (v === 0 ? 0 : 55 + v * 40);
    return `rgb(${level(Math.floor(n / 36))}, ${level(Math.floor(n / 6) % 6)}, ${level(n % 6)})`;
  }
  const g = 8 + (c - 232) * 10;
  return `rgb(${g}, ${g}, ${g})`;
}
