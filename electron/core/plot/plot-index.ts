/**
 * A session's numbers, read from its rows in order and kept per series in typed
 * arrays. Reading happens in slices of a few milliseconds (catchUp), from the rows the
 * store already has, so ingest never waits for it and a session of millions of rows is
 * read in bounded batches. The script's rows only (stdout and stderr): what the person
 * sent and Porthole's notes are not data.
 */
import type { TextCodec } from '../encoding.ts';
import type { RowStore } from '../row-store.ts';
import { Extractor } from './extract.ts';
import { MAX_TIME, SeriesPoints } from './series-points.ts';

/** Rows read from the store per batch, and their characters at most. */
const BATCH_ROWS = 1_000;
const BATCH_CHARS = 512 * 1024;
export const MAX_SERIES = 64;
/** 16 bytes a point: 256 MiB for one session at most. */
export const MAX_POINTS = 16 * 1024 * 1024;

/** What the index reads: a session's rows. */
export interface PlotSource {
  readonly id: number;
  readonly store: Pick<RowStore, 'count' | 'rows' | 'codec' | 'startedAt'>;
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
    const startedAt = store.startedAt;
    let row = 0;
    let time = 0;
    const sink = (name: string, value: number) => this.add(name, row, time, value);
    while (this.limited === null) {
      const count = store.count;
      if (this.scanned >= count) return true;
      const rows = store.rows(this.scanned, Math.min(count, this.scanned + BATCH_ROWS), BATCH_CHARS);
      if (rows.length === 0) return true;
      for (const r of rows) {
        // An unfinished row may still grow: it is read once it ends.
        if (r.open) return true;
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
      if (performance.now() >= deadline) return this.caughtUp;
    }
    return true;
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
    return n;
  }
}
