/**
 * The search that runs off the event loop. The worker's body is a self-contained
 * function started as an eval worker, so it runs the same under tsx, Vitest and the
 * bundled Electron main process (none of which can load a .ts worker file the same
 * way). It reads the index pages the main thread shares (SharedArrayBuffer) and the
 * stream files, and posts matching rows as it goes.
 */
import { Worker } from 'node:worker_threads';
import type { IndexPage } from './line-index.ts';

export interface SearchJob {
  files: string[];
  pages: IndexPage[];
  /** Rows [from, to) of the session are this worker's share. */
  from: number;
  to: number;
  /** bytes: case-sensitive literal; latin1i: ASCII literal, case-insensitive; regex: per-row decoded text. */
  mode: 'bytes' | 'latin1i' | 'regex';
  needle: Uint8Array;
  source: string;
  flags: string;
  encoding: string;
}

export type SearchMessage =
  | { type: 'hits'; rows: number[]; counts: number[]; matches: number }
  | { type: 'done'; matches: number; rows: number }
  | { type: 'error'; message: string };

function searchWorkerMain(): void {
  // getBuiltinModule rather than import/require: bundlers leave it alone inside the worker's source.
  const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads') as typeof import('node:worker_threads');
  const fs = process.getBuiltinModule('node:fs') as typeof import('node:fs');
  const job = workerData as SearchJob;
  const BLOCK = 8 << 20;
  const needle = Buffer.from(job.needle);
  const nlen = needle.length;
  const re = job.mode === 'bytes' ? null : new RegExp(job.source, job.flags);
  const label = job.encoding === 'latin1' ? 'iso-8859-1' : job.encoding;
  const decoder = job.mode === 'regex' ? new TextDecoder(label, { ignoreBOM: true }) : null;
  let matches = 0;
  let rowsHit = 0;
  let outRows: number[] = [];
  let outCounts: number[] = [];
  let lastPost = Date.now();
  const flush = (force: boolean) => {
    if (outRows.length && (force || outRows.length >= 20000 || Date.now() - lastPost > 100)) {
      parentPort!.postMessage({ type: 'hits', rows: outRows, counts: outCounts, matches });
      outRows = [];
      outCounts = [];
      lastPost = Date.now();
    }
  };
  const pages = job.pages;
  for (let k = 0; k < 3; k++) {
    if (!fs.existsSync(job.files[k]) || fs.statSync(job.files[k]).size === 0) continue;
    const fd = fs.openSync(job.files[k], 'r');
    let block: Buffer = Buffer.alloc(0);
    let blockStart = 0;
    let blockEnd = 0;
    let hits: number[] = [];
    let hi = 0;
    for (let i = job.from; i < job.to; i++) {
      const p = pages[i >>> 16];
      const o = i & 0xffff;
      const packed = p.packed[o];
      const s = Math.floor(packed / 32);
      // Not packed % 32: a float modulo costs more than the rest of this loop.
      const f = packed - s * 32;
      if ((f & 3) !== k) continue;
      const e = s + p.len[o];
      if (e > blockEnd) {
        const size = Math.max(BLOCK, e - s);
        block = Buffer.allocUnsafe(size);
        let got = 0;
        while (got < size) {
          const n = fs.readSync(fd, block, got, size - got, s + got);
          if (n === 0) break;
          got += n;
        }
        block = block.subarray(0, got);
        blockStart = s;
        blockEnd = s + got;
        hits = [];
        hi = 0;
        if (job.mode === 'bytes') {
          for (let at = block.indexOf(needle); at !== -1; at = block.indexOf(needle, at + nlen)) hits.push(at);
        } else if (job.mode === 'latin1i') {
          const text = block.toString('latin1');
          re!.lastIndex = 0;
          for (let m = re!.exec(text); m; m = re!.exec(text)) hits.push(m.index);
        }
      }
      const rs = s - blockStart;
      let re0 = e - blockStart;
      if (f & 16) {
        re0--;
        if (re0 > rs && block[re0 - 1] === 13) re0--;
      }
      let c = 0;
      if (job.mode === 'regex') {
        const text = decoder!.decode(block.subarray(rs, re0));
        re!.lastIndex = 0;
        for (let m = re!.exec(text); m; m = re!.exec(text)) {
          c++;
          if (m[0].length === 0) re!.lastIndex++;
        }
      } else {
        while (hi < hits.length && hits[hi] < rs) hi++;
        while (hi < hits.length && hits[hi] + nlen <= re0) {
          c++;
          hi++;
        }
      }
      if (c) {
        matches += c;
        rowsHit++;
        outRows.push(i);
        outCounts.push(c);
        flush(false);
      }
    }
    fs.closeSync(fd);
  }
  flush(true);
  parentPort!.postMessage({ type: 'done', matches, rows: rowsHit });
}

export function startSearchWorker(job: SearchJob): Worker {
  // tsx and Vitest compile with keepNames, which wraps functions in a __name helper the worker lacks.
  const source = `var __name = (f) => f;\n(${searchWorkerMain.toString()})()`;
  return new Worker(source, { eval: true, workerData: job });
}
