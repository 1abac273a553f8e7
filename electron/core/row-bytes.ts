/**
 * Rows' exact bytes as received (or as sent), for the hex view: line endings, invalid
 * text, NUL and escape bytes included. Replies are bounded in bytes; the rest is asked
 * for again from where a reply stopped.
 */
import { VIEW_TOOL_LIMITS, type RowBytesPart, type RowBytesResult } from '../../shared/view-tools.ts';
import { F_KIND, KINDS } from './line-index.ts';
import type { RowStore } from './row-store.ts';

const NOTE_CODE = 3;

export function rowBytes(id: number, store: RowStore, from: number, to: number, maxBytes: number = VIEW_TOOL_LIMITS.maxBytesPerRequest): RowBytesResult {
  const idx = store.index;
  from = Math.min(Math.max(0, from), idx.count);
  const end = Math.min(Math.max(from, to), idx.count);
  to = Math.min(end, from + VIEW_TOOL_LIMITS.maxBytesRows);
  const parts: RowBytesPart[] = [];
  const chunks: Buffer[] = [];
  let bytes = 0;
  let i = from;
  for (; i < to; i++) {
    const k = idx.flags(i) & F_KIND;
    const kind = KINDS[k];
    if (k === NOTE_CODE) {
      parts.push({ row: i, kind, offset: 0, length: 0, note: store.rows(i, i + 1)[0]?.text ?? '' });
      continue;
    }
    const start = idx.start(i);
    const len = idx.len(i);
    // Always at least one row, whatever its size, so paging moves on.
    if (bytes + len > maxBytes && i > from) break;
    const file = store.files[k];
    if (file.missing(start, start + len) && !file.inMemory(start, len)) {
      parts.push({ row: i, kind, offset: start, length: 0, lost: true });
      continue;
    }
    const buf = file.read(start, len);
    chunks.push(buf);
    bytes += buf.length;
    parts.push({ row: i, kind, offset: start, length: buf.length });
  }
  return { id, from, to: i, more: i < end, parts, data: Buffer.concat(chunks).toString('base64') };
}
