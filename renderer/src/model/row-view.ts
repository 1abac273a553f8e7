import { parseAnsi, plainText, type Span } from '../../../shared/display.ts';
import type { Row } from '../../../shared/types.ts';
import { collapseRow } from './carriage-return.ts';

/**
 * Characters drawn per row. Rows are one line high with overflow hidden; 1,000
 * characters of monospace text are wider than any screen, so more would never be seen.
 */
export const DRAW_CHARS = 1_000;
/**
 * Styled spans drawn per row: a colour for every character a 1280-pixel window shows.
 * The rest of the row is drawn unstyled, so a colour-code bomb stays cheap to lay out
 * (and to collect: every span is a page element).
 */
export const MAX_SPANS = 128;
/** Rows are at most 64 KiB of bytes (the core splits longer lines); anything longer is cut first. */
const MAX_ROW_CHARS = 128 * 1024;
/**
 * Most characters of a row parsed for drawing: enough for DRAW_CHARS characters each
 * behind a 24-bit colour code, while a row of nothing but escape codes stays cheap.
 */
const MAX_PARSE_CHARS = 32 * 1024;

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
 * line shows its latest state), then cut to DRAW_CHARS characters and MAX_SPANS
 * styles. Computed once per row object.
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
  const text = collapseRow(raw.length > MAX_ROW_CHARS ? raw.slice(0, MAX_ROW_CHARS) : raw);
  // Parse only as much of the row as can fill the budget: a prefix, grown until it
  // yields enough characters or spans (escape sequences make text longer than it shows).
  const limit = Math.min(text.length, MAX_PARSE_CHARS);
  let take = Math.min(limit, DRAW_CHARS * 2);
  let spans: Span[];
  for (;;) {
    spans = parseAnsi(take < text.length ? safeSlice(text, take) : text);
    // A prefix already holding more styles than are drawn is enough: a row with a colour
    // change every character or two ends there, with a couple of hundred characters shown.
    if (take >= limit || spans.length >= MAX_SPANS || shownLength(spans) > DRAW_CHARS) break;
    take = Math.min(limit, take * 4);
  }
  return cut(spans, take < text.length);
}

function shownLength(spans: Span[]): number {
  let n = 0;
  for (const s of spans) n += s.text.length;
  return n;
}

/** At most DRAW_CHARS characters in at most MAX_SPANS spans, the last one unstyled; '…' marks a cut. */
function cut(spans: Span[], more: boolean): RowView {
  const out: Span[] = [];
  let len = 0;
  let rest = '';
  let truncated = more;
  for (let k = 0; k < spans.length; k++) {
    const s = spans[k];
    if (len + s.text.length > DRAW_CHARS) {
      const piece = safeSlice(s.text, DRAW_CHARS - len);
      if (out.length < MAX_SPANS - 1) out.push({ ...s, text: piece });
      else rest += piece;
      len = DRAW_CHARS;
      truncated = true;
      break;
    }
    if (out.length < MAX_SPANS - 1) out.push(s);
    else rest += s.text;
    len += s.text.length;
  }
  if (truncated) rest += '…';
  if (rest) {
    const last = out[out.length - 1];
    if (last && isPlain(last)) out[out.length - 1] = { text: last.text + rest };
    else out.push({ text: rest });
  }
  let plain = '';
  for (const s of out) plain += s.text;
  return { plain, spans: out };
}

function isPlain(s: Span): boolean {
  return s.fg === undefined && s.bg === undefined && !s.bold && !s.dim && !s.italic && !s.underline && !s.inverse && !s.strike;
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
