/**
 * A search over a whole session, run by a worker thread; matching rows arrive
 * incrementally and can be walked with seek() while the search is still running.
 */
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { SearchQuery, SearchSeekResult } from '../../shared/types.ts';
import type { TextCodec } from './encoding.ts';
import { STREAM_FILES, type RowStore, type StreamKind } from './row-store.ts';
import { startSearchWorker, type SearchJob, type SearchMessage } from './search-worker.ts';

export interface SearchProgress {
  matches: number;
  rows: number;
  done: boolean;
  error?: string;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The query's bytes in the session's encoding, when they are the only bytes that show
 * as the query (a bytewise codec, and the query survives encoding: no character the
 * encoding cannot hold, no U+FFFD); null otherwise.
 */
function exactBytes(codec: TextCodec, query: string): Uint8Array | null {
  // Invalid bytes show as U+FFFD too.
  if (query.includes('\ufffd')) return null;
  const bytes = new Uint8Array(codec.encode(query));
  return codec.decode(bytes) === query ? bytes : null;
}

/** Sessions smaller than this are searched by one worker. */
const ROWS_PER_EXTRA_WORKER = 500_000;

/** Splits a search into row ranges, one worker each, up to the cores there are. */
export function planSearch(q: SearchQuery, store: RowStore, dir: string): SearchJob[] {
  const job = planJob(q, store, dir);
  const workers = Math.max(1, Math.min(os.availableParallelism(), 4, Math.ceil(job.to / ROWS_PER_EXTRA_WORKER)));
  const per = Math.ceil(job.to / workers);
  return Array.from({ length: workers }, (_, w) => ({ ...job, from: w * per, to: Math.min(job.to, (w + 1) * per) }));
}

export function planJob(q: SearchQuery, store: RowStore, dir: string): SearchJob {
  if (q.query === '') throw new Error('nothing to search for');
  const codec = store.codec;
  const isAscii = /^[\x20-\x7e]*$/.test(q.query);
  let mode: SearchJob['mode'];
  let source = escapeRegExp(q.query);
  let flags = q.caseSensitive ? 'gu' : 'giu';
  const needle = q.caseSensitive && !q.regex && codec.bytewise ? exactBytes(codec, q.query) : null;
  if (q.regex) {
    mode = 'regex';
    source = q.query;
    try {
      new RegExp(source, flags);
    } catch (err) {
      throw new Error(`invalid regular expression: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`);
    }
  } else if (needle) {
    mode = 'bytes';
  } else if (!q.caseSensitive && codec.bytewise && isAscii) {
    mode = 'latin1i';
    flags = 'gi';
  } else {
    // Not byte-searchable (a character the encoding cannot hold, U+FFFD, a multi-byte
    // encoding, case-insensitive non-ASCII): match the decoded text of each row.
    mode = 'regex';
  }
  const snap = store.index.snapshot();
  return {
    files: (['out', 'err', 'sent'] as StreamKind[]).map((k) => path.join(dir, STREAM_FILES[k])),
    pages: snap.pages,
    from: 0,
    to: snap.count,
    mode,
    needle: needle ?? new Uint8Array(0),
    source,
    flags,
    encoding: codec.name,
  };
}

export class Search {
  private rows: number[] = [];
  private counts: number[] = [];
  private sorted = true;
  /** Cumulative match counts before each row in `rows` (built when needed). */
  private before: number[] | null = null;
  progress: SearchProgress = { matches: 0, rows: 0, done: false };
  private workers: (Worker | null)[];
  private readonly matchesBy: number[];
  private readonly rowsBy: number[];

  constructor(readonly id: number, readonly sessionId: number, jobs: SearchJob[], onProgress: (s: Search) => void) {
    this.matchesBy = jobs.map(() => 0);
    this.rowsBy = jobs.map(() => 0);
    this.workers = jobs.map((job, w) => {
      const worker = startSearchWorker(job);
      worker.on('message', (m: SearchMessage) => {
        if (m.type === 'hits') {
          // A worker reports stream by stream, and workers interleave: rows may come in any order.
          let last = this.rows.length ? this.rows[this.rows.length - 1] : -1;
          for (let i = 0; i < m.rows.length; i++) {
            if (m.rows[i] < last) this.sorted = false;
            last = m.rows[i];
            this.rows.push(m.rows[i]);
            this.counts.push(m.counts[i]);
          }
          this.before = null;
          this.matchesBy[w] = m.matches;
          this.rowsBy[w] += m.rows.length;
        } else if (m.type === 'done') {
          this.matchesBy[w] = m.matches;
          this.rowsBy[w] = m.rows;
          this.finish(w);
        } else {
          this.progress.error = m.message;
          this.finish(w);
        }
        this.update();
        onProgress(this);
      });
      worker.on('error', (err) => {
        this.progress.error = err.message;
        this.workers[w] = null;
        this.update();
        onProgress(this);
      });
      return worker;
    });
  }

  private finish(w: number): void {
    const worker = this.workers[w];
    this.workers[w] = null;
    if (worker) void worker.terminate();
  }

  private update(): void {
    const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
    this.progress = {
      matches: sum(this.matchesBy),
      rows: sum(this.rowsBy),
      done: this.workers.every((w) => w === null),
      error: this.progress.error,
    };
  }

  private ensureSorted(): void {
    if (!this.sorted) {
      const order = this.rows.map((_, i) => i).sort((a, b) => this.rows[a] - this.rows[b]);
      this.rows = order.map((i) => this.rows[i]);
      this.counts = order.map((i) => this.counts[i]);
      this.sorted = true;
      this.before = null;
    }
    if (!this.before) {
      this.before = new Array(this.rows.length);
      let acc = 0;
      for (let i = 0; i < this.rows.length; i++) {
        this.before[i] = acc;
        acc += this.counts[i];
      }
    }
  }

  /** The first matching row after `row` (dir 1) or before it (dir -1), wrapping around. */
  seek(row: number, dir: 1 | -1): SearchSeekResult {
    if (this.rows.length === 0) return { row: -1, ordinal: 0 };
    this.ensureSorted();
    const rows = this.rows;
    // First index with rows[i] > row (dir 1) or last index with rows[i] < row (dir -1).
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (dir === 1 ? rows[mid] <= row : rows[mid] < row) lo = mid + 1;
      else hi = mid;
    }
    let i = dir === 1 ? lo : lo - 1;
    if (i >= rows.length) i = 0;
    if (i < 0) i = rows.length - 1;
    return { row: rows[i], ordinal: this.before![i] + 1 };
  }

  stop(): void {
    this.workers.forEach((_, w) => this.finish(w));
  }
}
