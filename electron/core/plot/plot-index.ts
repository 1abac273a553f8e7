/**
 * A session's numbers, read from its rows in order and kept per series in typed
 * arrays. Reading happens in slices of a few milliseconds (catchUp), from the rows the
 * store already has, so ingest never waits for it and a session of millions of rows is
 * read in bounded batches. The script's rows only (stdout and stderr): what the person
 * sent and Porthole's notes are not data.
 */
import type { TextCodec } from '../encoding.ts';
import { F_CONT, F_KIND, F_OPEN, KIND_CODE } from '../line-index.ts';
import type { RawRowVisitor, RowStore } from '../row-store.ts';
import { Extractor } from './extract.ts';
import { MAX_TIME, SeriesPoints } from './series-points.ts';

/** Rows read from the store per batch, and their characters at most. */
const BATCH_ROWS = 1_000;
const BATCH_CHARS = 512 * 1024;
/** The same when rows are read as bytes (cheaper a row). */
const RAW_BATCH_ROWS = 8_192;
const RAW_BATCH_BYTES = 1024 * 1024;
export const MAX_SERIES = 64;
/** 16 bytes a point: 256 MiB for one session at most. */
export const MAX_POINTS = 16 * 1024 * 1024;
/**
 * A session this many rows behind gets a preview first: blocks of rows spread evenly
 * over all its unread rows, read in a fraction of the time the whole takes, so a plot
 * of the full range shows within a second even for millions of rows. The preview fills
 * in what the full reading has not reached yet, and goes when it has caught up.
 */
export const PREVIEW_BEHIND = 200_000;
const PREVIEW_BLOCKS = 1_024;
const PREVIEW_BLOCK_ROWS = 48;

/** The sampled points beyond the rows read so far, and how far the sampling has got. */
interface Preview {
  readonly series: Map<string, SeriesPoints>;
  /** The rows the blocks are spread over: [from, to). */
  readonly from: number;
  readonly to: number;
  /** Blocks read so far. */
  block: number;
  readonly extractor: Extractor;
  lastTime: number;
}

/** What the index reads: a session's rows. */
export interface PlotSource {
  readonly id: number;
  readonly store: Pick<RowStore, 'count' | 'rows' | 'rawRows' | 'codec' | 'startedAt'>;
}

export class PlotIndex {
  /** Rows read so far. */
  scanned = 0;
  readonly series = new Map<string, SeriesPoints>();
  points = 0;
  /** Why reading stopped early, if it did. */
  limited: string | null = null;
  /** Last time a face asked for this index. */
  lastUsed = Date.now();
  private extractor: Extractor;
  private codec: TextCodec | null = null;
  private lastTime = 0;
  private droppedNames = false;
  /** Sampled points beyond `scanned` while a long session is being read (see PREVIEW_BEHIND). */
  preview: Preview | null = null;
  private previewTried = false;

  constructor(readonly source: PlotSource, readonly pattern: RegExp | null) {
    this.extractor = new Extractor(pattern);
  }

  /** Nothing left to read (the session's unfinished last row is read once it ends). */
  get caughtUp(): boolean {
    return this.limited !== null || this.scanned >= this.source.store.count;
  }

  /**
   * Reads rows for about `ms` milliseconds; returns true when it has caught up. A
   * session whose encoding changed is read again from the start (its text changed).
   */
  catchUp(ms: number): boolean {
    const store = this.source.store;
    if (this.codec !== store.codec) {
      if (this.codec !== null) this.reset();
      this.codec = store.codec;
    }
    const deadline = performance.now() + ms;
    if (!this.previewTried && this.limited === null && this.pattern === null && store.count - this.scanned > PREVIEW_BEHIND) {
      this.previewTried = true;
      this.preview = {
        series: new Map(), from: this.scanned, to: store.count, block: 0,
        extractor: new Extractor(this.pattern), lastTime: 0,
      };
    }
    if (this.preview && this.preview.block < PREVIEW_BLOCKS) {
      this.samplePreview(deadline);
      if (performance.now() >= deadline) return false;
    }
    const startedAt = store.startedAt;
    let row = 0;
    let time = 0;
    const sink = (name: string, value: number) => this.add(name, row, time, value);
    // Rows are read from their bytes where printable ASCII bytes are themselves (see Extractor.rowBytes).
    const codec = store.codec;
    const bytewise = codec.bytewise && this.pattern === null;
    let open = false;
    let batchFrom = 0;
    const visit: RawRowVisitor = (i, f, buf, a, b, t) => {
      if (f & F_OPEN) {
        open = true;
        return false;
      }
      // Rows that are not pairs are read as text, which costs more: the slice ends on time within a batch.
      if ((i & 255) === 0 && i !== batchFrom && performance.now() >= deadline) return false;
      if ((f & F_KIND) <= KIND_CODE.err && !(f & F_CONT)) {
        row = i;
        time = Math.max(this.lastTime, Math.min(MAX_TIME, t - startedAt));
        this.lastTime = time;
        if (!this.extractor.rowBytes(buf, a, b, sink)) this.extractor.row(b > a ? codec.decode(buf.subarray(a, b)) : '', sink);
      }
      this.scanned = i + 1;
      return this.limited === null;
    };
    while (this.limited === null) {
      const count = store.count;
      if (this.scanned >= count) return this.caughtUpNow();
      batchFrom = this.scanned;
      if (bytewise && store.rawRows(this.scanned, Math.min(count, this.scanned + RAW_BATCH_ROWS), RAW_BATCH_BYTES, visit) !== -1) {
        if (this.limited !== null) return true;
        if (open) return this.caughtUpNow();
        if (performance.now() >= deadline) return this.caughtUp && this.caughtUpNow();
        continue;
      }
      const rows = store.rows(this.scanned, Math.min(count, this.scanned + BATCH_ROWS), BATCH_CHARS);
      if (rows.length === 0) return this.caughtUpNow();
      for (const r of rows) {
        // An unfinished row may still grow: it is read once it ends.
        if (r.open) return this.caughtUpNow();
        // A continued row is the rest of a line cut in two: its numbers would be fragments.
        if ((r.kind === 'out' || r.kind === 'err') && !r.cont) {
          row = r.index;
          // Held at the last time if the clock went back, so the time axis stays in order.
          time = Math.max(this.lastTime, Math.min(MAX_TIME, r.time - startedAt));
          this.lastTime = time;
          this.extractor.row(r.text, sink);
        }
        this.scanned = r.index + 1;
        if (this.limited !== null) return true;
      }
      if (performance.now() >= deadline) return this.caughtUp && this.caughtUpNow();
    }
    return this.caughtUpNow();
  }

  /** Reading has reached the end: the preview is no longer needed. */
  private caughtUpNow(): true {
    this.preview = null;
    return true;
  }

  /**
   * Reads preview blocks until the deadline. The first block starts where reading
   * stands (a header row there names the columns of the rest); the last ends at the
   * last complete row, so the preview spans the whole range.
   */
  private samplePreview(deadline: number): void {
    const p = this.preview!;
    const store = this.source.store;
    const span = p.to - p.from;
    const startedAt = store.startedAt;
    while (p.block < PREVIEW_BLOCKS && performance.now() < deadline) {
      const k = p.block++;
      const start = p.from + Math.floor((k * Math.max(0, span - PREVIEW_BLOCK_ROWS)) / (PREVIEW_BLOCKS - 1));
      if (start < this.scanned) continue;
      let row = 0;
      let time = 0;
      const sink = (name: string, value: number) => {
        let s = p.series.get(name);
        if (!s) {
          if (p.series.size >= MAX_SERIES) return;
          s = new SeriesPoints();
          p.series.set(name, s);
        }
        // Blocks are read in row order, so each series stays sorted.
        if (s.n === 0 || s.rows[s.n - 1] <= row) s.push(row, time, value);
      };
      const end = Math.min(p.to, start + PREVIEW_BLOCK_ROWS);
      const codec = store.codec;
      const visit: RawRowVisitor = (i, f, buf, a, b, t) => {
        if (f & F_OPEN) return false;
        if ((f & F_KIND) <= KIND_CODE.err && !(f & F_CONT)) {
          row = i;
          time = Math.max(p.lastTime, Math.min(MAX_TIME, t - startedAt));
          p.lastTime = time;
          if (!p.extractor.rowBytes(buf, a, b, sink)) p.extractor.row(b > a ? codec.decode(buf.subarray(a, b)) : '', sink);
        }
        return true;
      };
      if (codec.bytewise && store.rawRows(start, end, RAW_BATCH_BYTES, visit) !== -1) continue;
      for (const r of store.rows(start, end, BATCH_CHARS)) {
        if (r.open) break;
        if ((r.kind === 'out' || r.kind === 'err') && !r.cont) {
          row = r.index;
          time = Math.max(p.lastTime, Math.min(MAX_TIME, r.time - startedAt));
          p.lastTime = time;
          p.extractor.row(r.text, sink);
        }
      }
    }
  }

  private add(name: string, row: number, time: number, value: number): void {
    let s = this.series.get(name);
    if (!s) {
      if (this.series.size >= MAX_SERIES) {
        this.droppedNames = true;
        return;
      }
      s = new SeriesPoints();
      this.series.set(name, s);
    }
    s.push(row, time, value);
    if (++this.points >= MAX_POINTS) {
      this.limited = `the plot holds the numbers of the first ${(row + 1).toLocaleString('en-US')} rows: at most ${MAX_POINTS.toLocaleString('en-US')} points a session`;
    }
  }

  /** A note for the person when some names were not kept. */
  get droppedNote(): string | null {
    return this.droppedNames ? `only the first ${MAX_SERIES} series are kept` : null;
  }

  private reset(): void {
    this.preview = null;
    this.previewTried = false;
    this.series.clear();
    this.scanned = 0;
    this.points = 0;
    this.limited = null;
    this.lastTime = 0;
    this.droppedNames = false;
    this.extractor = new Extractor(this.pattern);
  }

  byteSize(): number {
    let n = 0;
    for (const s of this.series.values()) n += s.byteSize();
    for (const s of this.preview?.series.values() ?? []) n += s.byteSize();
    return n;
  }
}
