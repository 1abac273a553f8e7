/**
 * The plot panel's arithmetic, free of React and uPlot: which x range to ask the core
 * for and to show, zooming and panning, lines joined for drawing, the point nearest the
 * pointer, CSV header cells.
 */

/**
 * Following: the view runs to the newest point, showing everything (span null) or the
 * last `span` of x. Not following: [from, to] stays put (the person zoomed or panned).
 */
export interface ViewState {
  follow: boolean;
  span: number | null;
  from: number;
  to: number;
}

export const FOLLOW_ALL: ViewState = { follow: true, span: null, from: 0, to: 0 };

/** What to ask the core for: nothing (everything), or a range; rounded outwards to whole units, never below 0. */
export function requestRange(view: ViewState, newest: number | null): { from?: number; to?: number } {
  if (view.follow) {
    if (view.span === null || newest === null) return {};
    return { from: Math.max(0, Math.floor(newest - view.span)) };
  }
  return { from: Math.max(0, Math.floor(view.from)), to: Math.max(0, Math.ceil(view.to)) };
}

/** The x range to show, given the data's extents (null: no data yet); never empty. */
export function shownRange(view: ViewState, extents: { min: number; max: number } | null, minSpan: number): [number, number] | null {
  let lo: number;
  let hi: number;
  if (!view.follow) [lo, hi] = [view.from, view.to];
  else if (!extents) return null;
  else if (view.span === null) [lo, hi] = [extents.min, extents.max];
  else [lo, hi] = [extents.max - view.span, extents.max];
  if (hi - lo < minSpan) {
    const mid = (lo + hi) / 2;
    [lo, hi] = [mid - minSpan / 2, mid + minSpan / 2];
  }
  return [lo, hi];
}

/** The range zoomed by `factor` (< 1 zooms in) around x = `at`, no narrower than `minSpan`. */
export function zoomAround([from, to]: [number, number], at: number, factor: number, minSpan: number): [number, number] {
  const span = Math.max(minSpan, (to - from) * factor);
  const t = to > from ? (at - from) / (to - from) : 0.5;
  const lo = at - t * span;
  return [lo, lo + span];
}

export function panBy([from, to]: [number, number], delta: number): [number, number] {
  return [from + delta, to + delta];
}

export interface Line {
  x: readonly number[];
  y: readonly number[];
}

/**
 * Lines with x values of their own, put on one x array as uPlot draws them: every
 * point of every line in x order, each x slot holding a value for one line only
 * (null for the others, whose lines run across it). Points with equal x in one line
 * (a column's smallest and largest at the same time) keep their own slots.
 */
export function joinLines(lines: readonly Line[]): { xs: number[]; ys: (number | null)[][]; owner: Int32Array; index: Int32Array } {
  const total = lines.reduce((n, l) => n + l.x.length, 0);
  const xs: number[] = new Array(total);
  const ys = lines.map(() => new Array<number | null>(total).fill(null));
  /** For each slot, which line and which of its points it holds. */
  const owner = new Int32Array(total);
  const index = new Int32Array(total);
  const at = lines.map(() => 0);
  for (let k = 0; k < total; k++) {
    let best = -1;
    for (let l = 0; l < lines.length; l++) {
      const i = at[l];
      if (i < lines[l].x.length && (best < 0 || lines[l].x[i] < lines[best].x[at[best]])) best = l;
    }
    const i = at[best]++;
    xs[k] = lines[best].x[i];
    ys[best][k] = lines[best].y[i];
    owner[k] = best;
    index[k] = i;
  }
  return { xs, ys, owner, index };
}

/**
 * The point the pointer is at: in each line, the point nearest in x (on screen); of
 * those within `maxDx` pixels, the one nearest in y. Null when no line is near.
 */
export function pickPoint(
  lines: readonly Line[],
  px: number,
  py: number,
  xToPx: (x: number) => number,
  yToPx: (y: number) => number,
  maxDx: number,
): { line: number; index: number } | null {
  let best: { line: number; index: number; dy: number } | null = null;
  for (let li = 0; li < lines.length; li++) {
    const l = lines[li];
    const n = l.x.length;
    if (n === 0) continue;
    // First point at or right of the pointer; its left neighbour may be nearer.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (xToPx(l.x[mid]) < px) lo = mid + 1;
      else hi = mid;
    }
    let pick = -1;
    let dx = Infinity;
    for (const i of [lo - 1, lo]) {
      if (i < 0 || i >= n) continue;
      const d = Math.abs(xToPx(l.x[i]) - px);
      if (d < dx) [pick, dx] = [i, d];
    }
    if (pick < 0 || dx > maxDx) continue;
    // Several points in the same pixel column: the one nearest in y.
    const col = xToPx(l.x[pick]);
    let first = pick;
    while (first > 0 && Math.abs(xToPx(l.x[first - 1]) - col) < 0.5) first--;
    for (let i = first; i < n && Math.abs(xToPx(l.x[i]) - col) < 0.5; i++) {
      const dy = Math.abs(yToPx(l.y[i]) - py);
      if (!best || dy < best.dy) best = { line: li, index: i, dy };
    }
  }
  return best ? { line: best.line, index: best.index } : null;
}

/** A CSV cell: quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The CSV columns for several sessions: one per plotted series (labelled with its
 * session when there are several), and for each session the core's `columns`
 * argument: its own series by name, '' where another session's are.
 */
export function csvColumns(series: readonly { sessionId: number; name: string; label: string }[], sessions: readonly number[]): { header: string; columnsOf: Map<number, string[]> } {
  const header = ['session', 'row', 'time', ...series.map((s) => s.label)].map(csvCell).join(',');
  const columnsOf = new Map<number, string[]>();
  for (const id of sessions) columnsOf.set(id, series.map((s) => (s.sessionId === id ? s.name : '')));
  return { header: `${header}\n`, columnsOf };
}

/** Colours for series, told apart on light and dark backgrounds alike. */
export const PALETTE = {
  light: ['#1f6feb', '#d9480f', '#2b8a3e', '#c2255c', '#7048e8', '#0b7285', '#b7791f', '#495057'],
  dark: ['#58a6ff', '#ff8a4c', '#56d364', '#f778ba', '#b197fc', '#3bc9db', '#e3b341', '#ced4da'],
} as const;
