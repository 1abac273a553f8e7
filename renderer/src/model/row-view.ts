import { collapseCR, parseAnsi, plainText, type Span } from '../../../shared/display.ts';
import type { Row } from '../../../shared/types.ts';

/** Characters drawn per row; rows are one line high with overflow hidden, so more would never be seen. */
export const DRAW_CHARS = 4000;

export interface RowView {
  plain: string;
  spans: Span[];
}

// Parsed form of the rows on screen, dropped with the row objects themselves.
const cache = new WeakMap<Row, RowView>();

export function rowView(row: Row): RowView {
  let v = cache.get(row);
  if (!v) {
    const text = row.text.length > DRAW_CHARS * 4 ? row.text.slice(0, DRAW_CHARS * 4) : row.text;
    let spans = parseAnsi(collapseCR(text));
    let len = 0;
    const cut: Span[] = [];
    for (const s of spans) {
      if (len + s.text.length > DRAW_CHARS) {
        cut.push({ ...s, text: s.text.slice(0, DRAW_CHARS - len) + '…' });
        break;
      }
      cut.push(s);
      len += s.text.length;
    }
    spans = cut;
    v = { plain: spans.map((s) => s.text).join(''), spans };
    cache.set(row, v);
  }
  return v;
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
