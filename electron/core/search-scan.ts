/**
 * The body of a search worker: reads the index pages the main thread shares
 * (SharedArrayBuffer) and the stream files, and reports matching rows as it goes.
 * Rows are decoded with the session's own codec (encoding.ts), the one the window
 * and export use, so a search finds exactly the text that is shown.
 */
import { isAscii } from 'node:buffer';
import fs from 'node:fs';
import { codecFor } from './encoding.ts';
import { FLAG_SPACE, F_KIND, F_TERM, PAGE_BITS, PAGE_MASK } from './line-index-layout.ts';
import type { SearchJob, SearchMessage } from './search-worker.ts';

const BLOCK = 8 << 20;
/** Hits go out at least this often, and in messages of at most this many rows. */
const POST_MS = 100;
const POST_ROWS = 20_000;

export function scanRows(job: SearchJob, post: (m: SearchMessage) => void): void {
  const needle = Buffer.from(job.needle);
  const nlen = needle.length;
  const re = job.mode === 'bytes' || job.mode === 'all' ? null : new RegExp(job.source, job.flags);
  const codec = job.mode === 'regex' ? codecFor(job.encoding) : null;
  const utf8 = codec !== null && job.encoding === 'utf-8';
  let matches = 0;
  let rowsHit = 0;
  let outRows: number[] = [];
  let outCounts: number[] = [];
  let lastPost = Date.now();
  const flush = (force: boolean) => {
    if (outRows.length && (force || outRows.length >= POST_ROWS || Date.now() - lastPost > POST_MS)) {
      post({ type: 'hits', rows: outRows, counts: outCounts, matches });
      outRows = [];
      outCounts = [];
      lastPost = Date.now();
    }
  };
  const pages = job.pages;
  const kinds = job.kinds ?? 0b111;
  const invert = job.invert === true && job.mode !== 'all';
  for (let k = 0; k < job.files.length; k++) {
    if (!(kinds & (1 << k))) continue;
    if (job.mode === 'all') {
      for (let i = job.from; i < job.to; i++) {
        const packed = pages[i >>> PAGE_BITS].packed[i & PAGE_MASK];
        const s = Math.floor(packed / FLAG_SPACE);
        if (((packed - s * FLAG_SPACE) & F_KIND) !== k) continue;
        matches++;
        rowsHit++;
        outRows.push(i);
        outCounts.push(1);
        flush(false);
      }
      continue;
    }
    if (!fs.existsSync(job.files[k]) || fs.statSync(job.files[k]).size === 0) continue;
    const fd = fs.openSync(job.files[k], 'r');
    try {
      let block: Buffer = Buffer.alloc(0);
      let blockStart = 0;
      let blockEnd = 0;
      let blockText: string | null = null;
      let hits: number[] = [];
      let hi = 0;
      for (let i = job.from; i < job.to; i++) {
        const p = pages[i >>> PAGE_BITS];
        const o = i & PAGE_MASK;
        const packed = p.packed[o];
        const s = Math.floor(packed / FLAG_SPACE);
        // Not packed % FLAG_SPACE: a float modulo costs more than the rest of this loop.
        const f = packed - s * FLAG_SPACE;
        if ((f & F_KIND) !== k) continue;
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
          // A block of plain ASCII is its own UTF-8 text: decoded once, not row by row.
          blockText = utf8 && isAscii(block) ? block.toString('latin1') : null;
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
        let re0 = Math.min(e - blockStart, block.length);
        // The row's text is what the window shows: without its line ending.
        if (f & F_TERM) {
          re0--;
          if (re0 > rs && block[re0 - 1] === 13) re0--;
        }
        let c = 0;
        if (codec) {
          const text = blockText !== null ? blockText.slice(rs, re0) : codec.decode(block.subarray(rs, re0));
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
        if (invert) c = c ? 0 : 1;
        if (c) {
          matches += c;
          rowsHit++;
          outRows.push(i);
          outCounts.push(c);
          flush(false);
        }
      }
    } finally {
      fs.closeSync(fd);
    }
  }
  flush(true);
  post({ type: 'done', matches, rows: rowsHit });
}
