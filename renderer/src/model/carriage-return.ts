import { applySgr, collapsedSpans, collapseCR, parseAnsi, styleToSgr, type Span, type Style } from '../../../shared/display.ts';

/** Up to this many carriage returns a row is collapsed as it is. */
const DIRECT_SEGMENTS = 64;
/** Most segments handed to collapseCR (more survive only in escape-laden rows; the latest are kept). */
const MAX_SEGMENTS = 1_000;

/**
 * collapseCR for rows of any shape at a bounded cost. A progress line redrawn 5,000
 * times with `\r` is 5,000 segments, and collapsing each costs a microsecond or more
 * (a row of 64 KiB of `\r` alone takes tens of milliseconds). Only a segment that
 * reaches further right than every later one can leave a character on screen, so the
 * others are dropped before collapsing, keeping just the colour changes they make.
 */
export function collapseRow(text: string): string {
  return text.indexOf('\r') < 0 ? text : collapseCR(boundedRow(text));
}

/**
 * The row's styled spans, carriage returns resolved: parseAnsi(collapseRow(text)) at
 * the same bounded cost, with the row's colour codes parsed once (collapsedSpans).
 */
export function rowSpans(text: string): Span[] {
  return text.indexOf('\r') < 0 ? parseAnsi(text) : collapsedSpans(boundedRow(text));
}

/** The row with the segments that cannot leave a character on screen dropped (their colour changes kept). */
function boundedRow(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x0d) end--;
  const body = end === text.length ? text : text.slice(0, end);
  let n = 1;
  for (let i = body.indexOf('\r'); i >= 0; i = body.indexOf('\r', i + 1)) n++;
  if (n <= DIRECT_SEGMENTS) return body;

  const seg = measureSegments(body, n);
  // Walking back from the last segment: a segment shows only if it is wider than all later ones.
  const keep = new Uint8Array(n);
  let covered = 0;
  let kept = 0;
  for (let k = n - 1; k >= 0 && kept < MAX_SEGMENTS; k--) {
    if (seg.width[k] > covered) {
      keep[k] = 1;
      kept++;
      // A width that is only an upper bound (other escapes, C1 controls) cannot hide anything.
      if (seg.exact[k]) covered = seg.width[k];
    }
  }

  // Each kept segment starts with the colours in force where it began.
  const parts: string[] = [];
  const style: Style = {};
  const sgr = /\x1b\[([0-9;:]*)m/g;
  let k = 0;
  const emitUpTo = (offset: number) => {
    for (; k < n && seg.start[k] <= offset; k++) {
      if (keep[k]) parts.push((seg.styled ? styleToSgr(style) : '') + body.slice(seg.start[k], k + 1 < n ? seg.start[k + 1] - 1 : body.length));
    }
  };
  if (seg.styled) {
    for (let m = sgr.exec(body); m !== null; m = sgr.exec(body)) {
      emitUpTo(m.index);
      applySgr(style, m[1]);
    }
  }
  emitUpTo(body.length);
  return parts.join('\r');
}

interface Segments {
  /** Offset in the row where each segment starts. */
  start: Uint32Array;
  /** Columns each segment covers, counted in code points as collapseCR does. */
  width: Uint32Array;
  /** 1 when the width is exact: no escape other than SGR, no C1 control (drawn as `<U+0085>`). */
  exact: Uint8Array;
  /** The row holds an escape sequence at all. */
  styled: boolean;
}

/** One pass over the row: where each segment starts and how wide it is at most. */
function measureSegments(body: string, n: number): Segments {
  const start = new Uint32Array(n);
  const width = new Uint32Array(n);
  const exact = new Uint8Array(n).fill(1);
  const sgr = /\x1b\[[0-9;:]*m/y;
  let styled = false;
  let k = 0;
  let w = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 0x0d) {
      width[k] = w;
      start[++k] = i + 1;
      w = 0;
      continue;
    }
    if (c === 0x1b) {
      styled = true;
      sgr.lastIndex = i;
      if (sgr.test(body)) {
        i = sgr.lastIndex - 1;
        continue;
      }
      exact[k] = 0;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < body.length) {
      const d = body.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    } else if (c >= 0x80 && c <= 0x9f) {
      exact[k] = 0;
      w += 7;
    }
    w++;
  }
  width[k] = w;
  return { start, width, exact, styled };
}
