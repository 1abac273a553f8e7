/**
 * The plot commands over the sessions' plot indexes. An index exists only for a
 * session someone plots: it is built when first asked for, kept up to date while it is
 * asked for (each request reads new rows for a few milliseconds, and a session that is
 * behind is read on in slices between I/O callbacks), and dropped when nobody asked
 * for it for a while. At most a few exist at once, the least recently used going first.
 */
import type {
  PlotCsvArgs, PlotCsvResult, PlotDataArgs, PlotDataResult, PlotLine, PlotSeriesResult,
} from '../../../shared/plot.ts';
import { decimate } from './decimate.ts';
import { compilePattern } from './extract.ts';
import { PlotIndex, type PlotSource } from './plot-index.ts';
import type { SeriesPoints } from './series-points.ts';

export { PatternError } from './extract.ts';

/** Reading done inside a request, so a live plot is current when drawn. */
const REQUEST_SLICE_MS = 6;
/** Reading done per slice in the background while an index is behind. */
const BACKGROUND_SLICE_MS = 8;
/** An index nobody asked for this long stops being read, and this long after that, is dropped. */
const IDLE_MS = 15_000;
const DROP_MS = 120_000;
export const MAX_INDEXES = 4;
/** Points all indexes hold together at most (16 bytes each: 512 MiB); the least recently used go first. */
export const MAX_TOTAL_POINTS = 32 * 1024 * 1024;
/** Characters of CSV one reply carries at most. */
const CSV_CHARS = 1 << 20;

export class PlotManager {
  private readonly indexes = new Map<number, PlotIndex>();
  /** The person's pattern per session ('' or absent: automatic). */
  private readonly patterns = new Map<number, string>();
  private slice: NodeJS.Immediate | null = null;
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly lookup: (id: number) => PlotSource) {
    this.sweeper = setInterval(() => this.sweep(), IDLE_MS);
    this.sweeper.unref();
  }

  series({ id }: { id: number }): PlotSeriesResult {
    return this.summary(this.read(id));
  }

  setPattern({ id, pattern }: { id: number; pattern: string }): PlotSeriesResult {
    if (pattern !== '') compilePattern(pattern);
    if (pattern === '') this.patterns.delete(id);
    else this.patterns.set(id, pattern);
    this.indexes.delete(id);
    return this.summary(this.read(id));
  }

  data(args: PlotDataArgs): PlotDataResult {
    const ix = this.read(args.id);
    const start = ix.source.store.startedAt;
    const byTime = args.xMode === 'time';
    // Each series: its points read so far, and the preview's beyond them while a long session is read.
    const picked: { name: string; parts: { s: SeriesPoints; k0: number }[] }[] = [];
    for (const name of new Set(args.series)) {
      const parts: { s: SeriesPoints; k0: number }[] = [];
      const s = ix.series.get(name);
      if (s && s.n > 0) parts.push({ s, k0: 0 });
      const pv = ix.preview?.series.get(name);
      const k0 = pv ? lowerBound(pv.rows, pv.n, ix.scanned) : 0;
      if (pv && pv.n > k0) parts.push({ s: pv, k0 });
      if (parts.length) picked.push({ name, parts });
    }
    // Times are kept relative to the session's start; the faces see epoch milliseconds.
    const toX = (v: number) => (byTime ? v + start : v);
    const xsOf = (s: SeriesPoints) => (byTime ? s.times : s.rows);
    let xMin: number | null = null;
    let xMax: number | null = null;
    for (const { parts } of picked) {
      const a = parts[0];
      const b = parts[parts.length - 1];
      const first = toX(xsOf(a.s)[a.k0]);
      const last = toX(xsOf(b.s)[b.s.n - 1]);
      if (xMin === null || first < xMin) xMin = first;
      if (xMax === null || last > xMax) xMax = last;
    }
    const from = args.from ?? xMin ?? 0;
    const to = Math.max(from, args.to ?? xMax ?? from);
    const width = Math.min(args.width, 8192);
    const lines: PlotLine[] = picked.map(({ name, parts }) => {
      const end = parts[parts.length - 1];
      const n = end.s.n - 1;
      const line: PlotLine = {
        name, x: [], y: [], row: [],
        last: { x: toX(xsOf(end.s)[n]), y: end.s.values[n], row: end.s.rows[n] },
      };
      for (const { s, k0 } of parts) {
        const xs = xsOf(s);
        for (const i of decimate(s, xs, byTime ? from - start : from, byTime ? to - start : to, width)) {
          if (i < k0) continue;
          line.x.push(toX(xs[i]));
          line.y.push(s.values[i]);
          line.row.push(s.rows[i]);
        }
      }
      if (parts.length > 1) sortByRow(line);
      return line;
    });
    return { ...this.summary(ix), xMode: args.xMode, from, to, xMin, xMax, lines };
  }

  /** One page of the series as CSV lines, merged by row; the face writes the header and asks again from `next`. */
  csv({ id, columns, fromRow }: PlotCsvArgs): PlotCsvResult {
    const ix = this.read(id);
    const start = ix.source.store.startedAt;
    const cols = columns.map((name) => (name === '' ? undefined : ix.series.get(name)));
    const at = cols.map((s) => (s ? lowerBound(s.rows, s.n, fromRow) : 0));
    const parts: string[] = [];
    let chars = 0;
    for (;;) {
      let row = Infinity;
      cols.forEach((s, c) => {
        if (s && at[c] < s.n && s.rows[at[c]] < row) row = s.rows[at[c]];
      });
      if (row === Infinity) return { text: parts.join(''), next: -1 };
      if (chars >= CSV_CHARS) return { text: parts.join(''), next: row };
      let time = 0;
      const cells = cols.map((s, c) => {
        if (!s || at[c] >= s.n || s.rows[at[c]] !== row) return '';
        const v = s.values[at[c]];
        time = s.times[at[c]];
        // Several values of one name in a row: the first is written.
        while (at[c] < s.n && s.rows[at[c]] === row) at[c]++;
        return String(v);
      });
      const line = `${id},${row},${new Date(start + time).toISOString()},${cells.join(',')}\n`;
      parts.push(line);
      chars += line.length;
    }
  }

  /** The session's index, read up to date for a few milliseconds (and on in the background if still behind). */
  private read(id: number): PlotIndex {
    const source = this.lookup(id);
    let ix = this.indexes.get(id);
    if (!ix || ix.source !== source) {
      const pattern = this.patterns.get(id);
      ix = new PlotIndex(source, pattern ? compilePattern(pattern) : null);
      this.indexes.set(id, ix);
    }
    ix.lastUsed = Date.now();
    if (!ix.catchUp(REQUEST_SLICE_MS)) this.schedule();
    this.evict(ix);
    return ix;
  }

  private summary(ix: PlotIndex): PlotSeriesResult {
    const limited = [ix.limited, ix.droppedNote].filter((x) => x !== null).join('; ');
    return {
      id: ix.source.id,
      count: ix.source.store.count,
      scanned: ix.scanned,
      series: seriesInfo(ix),
      pattern: this.patterns.get(ix.source.id) ?? '',
      ...(limited ? { limited } : {}),
    };
  }

  /** Reads behind indexes in slices, with I/O served between them, until all are current. */
  private schedule(): void {
    if (this.slice || this.closed) return;
    this.slice = setImmediate(() => {
      this.slice = null;
      const now = Date.now();
      const behind = [...this.indexes.values()].filter((ix) => now - ix.lastUsed < IDLE_MS && !ix.caughtUp);
      if (behind.length === 0) return;
      const share = BACKGROUND_SLICE_MS / behind.length;
      let more = false;
      for (const ix of behind) {
        try {
          if (!ix.catchUp(share)) more = true;
        } catch {
          // A transcript that cannot be read now is tried again at the next request.
        }
      }
      if (more) this.schedule();
    });
  }

  /** Drops the least recently used indexes beyond the limits, never the one in use. */
  private evict(current: PlotIndex): void {
    const total = () => [...this.indexes.values()].reduce((n, ix) => n + ix.points, 0);
    while (this.indexes.size > MAX_INDEXES || (this.indexes.size > 1 && total() > MAX_TOTAL_POINTS)) {
      let oldest: PlotIndex | null = null;
      for (const ix of this.indexes.values()) {
        if (ix !== current && (oldest === null || ix.lastUsed < oldest.lastUsed)) oldest = ix;
      }
      if (!oldest) return;
      this.indexes.delete(oldest.source.id);
    }
  }

  /** Drops indexes nobody asked for lately, and those of sessions removed from the list. */
  private sweep(): void {
    const now = Date.now();
    for (const [id, ix] of this.indexes) {
      let gone = now - ix.lastUsed > DROP_MS;
      try {
        gone ||= this.lookup(id) !== ix.source;
      } catch {
        gone = true;
      }
      if (gone) this.indexes.delete(id);
    }
  }

  /** Bytes the indexes hold (for the benchmarks). */
  byteSize(): number {
    let n = 0;
    for (const ix of this.indexes.values()) n += ix.byteSize();
    return n;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.sweeper);
    if (this.slice) clearImmediate(this.slice);
    this.slice = null;
    this.indexes.clear();
  }
}

/** Each series with its points, those of the preview beyond the rows read included. */
function seriesInfo(ix: PlotIndex): PlotSeriesResult['series'] {
  const points = new Map<string, number>();
  for (const [name, s] of ix.series) points.set(name, s.n);
  for (const [name, s] of ix.preview?.series ?? []) {
    points.set(name, (points.get(name) ?? 0) + s.n - lowerBound(s.rows, s.n, ix.scanned));
  }
  return [...points].map(([name, n]) => ({ name, points: n }));
}

/** The points of the rows read and of the preview, merged in row order (the decimations' edge points overlap). */
function sortByRow(line: PlotLine): void {
  const order = line.row.map((_, i) => i).sort((a, b) => line.row[a] - line.row[b]);
  const keep = order.filter((i, k) => k === 0 || line.row[i] !== line.row[order[k - 1]] || line.y[i] !== line.y[order[k - 1]]);
  line.x = keep.map((i) => line.x[i]);
  line.y = keep.map((i) => line.y[i]);
  line.row = keep.map((i) => line.row[i]);
}

function lowerBound(a: Uint32Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
