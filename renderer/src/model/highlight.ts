import type { Span } from '../../../shared/display.ts';

export interface FindOptions {
  query: string;
  regex: boolean;
  caseSensitive: boolean;
}

export interface Range {
  start: number;
  end: number;
}

/** A compiled matcher for the find bar, or an error message for a bad regular expression. */
export function compileFind(opts: FindOptions): RegExp | string | null {
  if (opts.query === '') return null;
  const source = opts.regex ? opts.query : opts.query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  try {
    return new RegExp(source, opts.caseSensitive ? 'gu' : 'giu');
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Match positions in one row's displayed text, computed locally for highlighting. */
export function findRanges(text: string, re: RegExp, limit = 200): Range[] {
  const out: Range[] = [];
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (out.length < limit && (m = re.exec(text)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

export interface Segment {
  span: Span;
  text: string;
  mark: boolean;
}

/** Cuts styled spans at match boundaries so matches can be marked without losing colours. */
export function markSpans(spans: Span[], ranges: Range[]): Segment[] {
  const out: Segment[] = [];
  let pos = 0;
  let r = 0;
  for (const span of spans) {
    const spanEnd = pos + span.text.length;
    let at = pos;
    while (at < spanEnd) {
      while (r < ranges.length && ranges[r].end <= at) r++;
      const range = ranges[r];
      if (!range || range.start >= spanEnd) {
        out.push({ span, text: span.text.slice(at - pos), mark: false });
        at = spanEnd;
      } else if (range.start > at) {
        out.push({ span, text: span.text.slice(at - pos, range.start - pos), mark: false });
        at = range.start;
      } else {
        const end = Math.min(range.end, spanEnd);
        out.push({ span, text: span.text.slice(at - pos, end - pos), mark: true });
        at = end;
      }
    }
    pos = spanEnd;
  }
  return out;
}
