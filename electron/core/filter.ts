/**
 * Filters over whole sessions: which rows match a text or pattern (or do not, when
 * inverted), of which kinds. The rows already there are scanned by the search workers
 * (search-scan.ts); rows that arrive later, and notes (which live in memory, not in
 * the stream files), are tested here as they come, so a live session's filtered view
 * stays current. A filter keeps its row numbers in one Uint32Array (4 bytes a row),
 * bounded, and gives it back when cancelled or when its session goes.
 */
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { RowKind } from '../../shared/types.ts';
import { VIEW_TOOL_LIMITS, type FilterQuery, type FilterRowsResult } from '../../shared/view-tools.ts';
import { F_KIND, F_OPEN, KIND_CODE } from './line-index.ts';
import type { RowStore } from './row-store.ts';
import { planJob } from './search.ts';
import { startSearchWorker, type SearchJob, type SearchMessage } from './search-worker.ts';

export interface FilterSource {
  store: RowStore;
  dir: string;
}

export interface FilterProgress {
  filterId: number;
  id: number;
  matches: number;
  done: boolean;
  error?: string;
}

const KIND_BIT: Record<RowKind, number> = { out: 1, err: 2, sent: 4, note: 8, auto: 4 };
const NOTE_CODE = 3;
/** Filters kept at once; the oldest is dropped first. */
export const MAX_FILTERS = 8;
/** Rows one background slice tests at most, and for how long. */
const SLICE_ROWS = 20_000;
const SLICE_MS = 8;
const SLICE_CHARS = 4 << 20;
const ROWS_PER_EXTRA_WORKER = 500_000;

/** Tests a row's text as the workers would, for rows tested here. */
function textTest(job: SearchJob, query: string): (text: string) => boolean {
  if (query === '') return () => true;
  if (job.mode === 'bytes') return (t) => t.includes(query);
  const re = new RegExp(job.source, job.flags.replace('g', ''));
  return (t) => re.test(t);
}

export class Filter {
  private list = new Uint32Array(1024);
  private n = 0;
  private sorted = true;
  private workers: (Worker | null)[] = [];
  /** The next row tested here (rows below it were handed to the workers or tested). */
  next: number;
  error?: string;
  truncated = false;
  private readonly kindMask: number;
  private readonly test: (text: string) => boolean;
  private readonly invert: boolean;

  constructor(readonly filterId: number, readonly id: number, q: FilterQuery, src: FilterSource, private readonly changed: (f: Filter) => void) {
    this.kindMask = q.kinds.length === 0 ? 0b1111 : q.kinds.reduce((m, k) => m | KIND_BIT[k], 0);
    this.invert = q.invert && q.query !== '';
    const store = src.store;
    let job: SearchJob;
    try {
      job = planJob({ id: q.id, query: q.query === '' ? 'x' : q.query, regex: q.regex, caseSensitive: q.caseSensitive }, store, src.dir);
    } catch (err) {
      throw new Error((err as Error).message);
    }
    if (q.query === '') job.mode = 'all';
    this.test = textTest(job, q.query);
    // An unfinished last row may still grow: it is tested here once it has ended.
    let to = job.to;
    if (to > 0 && store.index.flags(to - 1) & F_OPEN) to--;
    const start = Math.min(q.from ?? 0, store.index.count);
    this.next = Math.max(to, start);
    const streams = this.kindMask & 0b111;
    if (streams && to > start) {
      const count = Math.max(1, Math.min(os.availableParallelism(), 4, Math.ceil((to - start) / ROWS_PER_EXTRA_WORKER)));
      const per = Math.ceil((to - start) / count);
      for (let w = 0; w < count; w++) {
        this.startWorker({ ...job, from: start + w * per, to: Math.min(to, start + (w + 1) * per), kinds: streams, invert: this.invert }, w);
      }
    }
    if (this.kindMask & KIND_BIT.note) this.testNotes(store, start, to);
  }

  private startWorker(job: SearchJob, w: number): void {
    const worker = startSearchWorker(job);
    this.workers[w] = worker;
    worker.on('message', (m: SearchMessage) => {
      if (m.type === 'hits') for (const r of m.rows) this.add(r);
      else {
        if (m.type === 'error') this.error = m.message;
        this.stopWorker(w);
      }
      this.changed(this);
    });
    worker.on('error', (err) => {
      this.error = err.message;
      this.workers[w] = null;
      this.changed(this);
    });
  }

  private stopWorker(w: number): void {
    const worker = this.workers[w];
    this.workers[w] = null;
    if (worker) void worker.terminate();
  }

  get done(): boolean {
    return this.workers.every((w) => w === null);
  }

  get matches(): number {
    return this.n;
  }

  private add(row: number): void {
    if (this.n === this.list.length) {
      if (this.n >= VIEW_TOOL_LIMITS.maxFilterMatches) {
        this.truncated = true;
        return;
      }
      const next = new Uint32Array(Math.min(VIEW_TOOL_LIMITS.maxFilterMatches, this.list.length * 2));
      next.set(this.list);
      this.list = next;
    }
    if (this.n > 0 && row < this.list[this.n - 1]) this.sorted = false;
    this.list[this.n++] = row;
  }

  private keep(kind: number, text: string): boolean {
    if (!(this.kindMask & (1 << kind))) return false;
    return this.test(text) !== this.invert;
  }

  private testNotes(store: RowStore, from: number, to: number): void {
    const idx = store.index;
    for (let i = from; i < to; i++) {
      if ((idx.flags(i) & F_KIND) !== NOTE_CODE) continue;
      const row = store.rows(i, i + 1)[0];
      if (row && this.keep(NOTE_CODE, row.text)) this.add(i);
    }
  }

  /** Tests rows that arrived since (up to a slice's worth); true when some are left for later. */
  advance(store: RowStore): boolean {
    const idx = store.index;
    let end = idx.count;
    if (end > 0 && idx.flags(end - 1) & F_OPEN) end--;
    if (this.next >= end) return false;
    const before = this.n;
    const started = Date.now();
    while (this.next < end && Date.now() - started < SLICE_MS) {
      const rows = store.rows(this.next, Math.min(end, this.next + SLICE_ROWS), SLICE_CHARS);
      if (rows.length === 0) break;
      for (const r of rows) if (this.keep(KIND_CODE[r.kind], r.text)) this.add(r.index);
      this.next = rows[rows.length - 1].index + 1;
    }
    if (this.n !== before) this.changed(this);
    return this.next < end;
  }

  page(from: number, to: number): FilterRowsResult {
    this.sort();
    from = Math.min(from, this.n);
    to = Math.min(Math.max(from, to), this.n, from + VIEW_TOOL_LIMITS.maxFilterRows);
    return { filterId: this.filterId, matches: this.n, done: this.done, from, rows: Array.from(this.list.subarray(from, to)) };
  }

  /** The position of `row` in the view, or of the first kept row after it (−1 if none is). */
  posOf(row: number): number {
    this.sort();
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.list[mid] < row) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.n ? lo : -1;
  }

  private sort(): void {
    if (this.sorted) return;
    this.list.subarray(0, this.n).sort();
    this.sorted = true;
  }

  progress(): FilterProgress {
    return { filterId: this.filterId, id: this.id, matches: this.n, done: this.done, error: this.error };
  }

  stop(): void {
    this.workers.forEach((_, w) => this.stopWorker(w));
    this.list = new Uint32Array(0);
    this.n = 0;
  }
}

/** The filters of all sessions: started, paged, kept current as rows arrive, and released. */
export class FilterManager {
  private readonly filters = new Map<number, Filter>();
  private nextId = 1;
  private slice: NodeJS.Immediate | null = null;
  private readonly behind = new Set<Filter>();

  constructor(private readonly lookup: (id: number) => FilterSource, private readonly report: (p: FilterProgress) => void) {}

  start(q: FilterQuery): { filterId: number } {
    const src = this.lookup(q.id);
    const filterId = this.nextId++;
    const f = new Filter(filterId, q.id, q, src, (x) => this.report(x.progress()));
    this.filters.set(filterId, f);
    for (const old of this.filters.keys()) {
      if (this.filters.size <= MAX_FILTERS) break;
      this.cancel(old);
    }
    this.report(f.progress());
    return { filterId };
  }

  rows(filterId: number, from: number, to: number): FilterRowsResult {
    const f = this.filters.get(filterId);
    if (!f) throw new Error(`filter ${filterId} is gone; filter again`);
    this.advance(f);
    return f.page(from, to);
  }

  pos(filterId: number, row: number): { pos: number } {
    const f = this.filters.get(filterId);
    if (!f) throw new Error(`filter ${filterId} is gone; filter again`);
    this.advance(f);
    return { pos: f.posOf(row) };
  }

  cancel(filterId: number): void {
    this.filters.get(filterId)?.stop();
    this.filters.delete(filterId);
  }

  /** Rows of session `id` changed: its filters test the new ones soon. */
  rowsChanged(id: number): void {
    if (this.filters.size === 0) return;
    for (const f of this.filters.values()) if (f.id === id) this.behind.add(f);
    this.schedule();
  }

  /** The session left memory for good (removed, deleted): its filters go. */
  dropSession(id: number): void {
    for (const f of [...this.filters.values()]) if (f.id === id) this.cancel(f.filterId);
  }

  private advance(f: Filter): boolean {
    try {
      return f.advance(this.lookup(f.id).store);
    } catch {
      return false;
    }
  }

  private schedule(): void {
    if (this.slice || this.behind.size === 0) return;
    this.slice = setImmediate(() => {
      this.slice = null;
      for (const f of [...this.behind]) {
        if (!this.filters.has(f.filterId) || !this.advance(f)) this.behind.delete(f);
      }
      this.schedule();
    });
  }

  close(): void {
    if (this.slice) clearImmediate(this.slice);
    this.slice = null;
    for (const id of [...this.filters.keys()]) this.cancel(id);
  }
}
