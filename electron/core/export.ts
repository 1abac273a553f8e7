/** Export of a session's transcript as plain text or JSON Lines, streamed in pages. */
import type { Writable } from 'node:stream';
import { plainText } from '../../shared/display.ts';
import type { Bookmark } from '../../shared/respond.ts';
import type { ExportFormat, Row } from '../../shared/types.ts';
import type { RowStore } from './row-store.ts';

const PAGE = 5_000;
const MARK: Record<Row['kind'], string> = { out: '  ', err: '! ', sent: '> ', note: '-- ', auto: '>> ' };

function stamp(t: number): string {
  return new Date(t).toISOString().replace('T', ' ').replace('Z', '');
}

export function formatRow(row: Row, format: ExportFormat, mark?: Bookmark): string {
  if (format === 'jsonl') {
    return JSON.stringify({ row: row.index, time: new Date(row.time).toISOString(), kind: row.kind, text: row.text, cont: row.cont, open: row.open, ...(mark ? { bookmark: { note: mark.note } } : {}) }) + '\n';
  }
  // Escapes and controls are left out of a text export; every character received, invisible ones included, is kept.
  const line = `[${stamp(row.time)}] ${MARK[row.kind]}${plainText(row.text, false)}\n`;
  return mark ? `${line}[${stamp(row.time)}] ** bookmark${mark.note ? `: ${plainText(mark.note)}` : ''}\n` : line;
}

/** Writes a chunk, waiting for the stream to drain when it is full (an error rejects). */
export function write(out: Writable, chunk: string): Promise<void> {
  if (out.write(chunk)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      out.off('error', onError);
      resolve();
    };
    const onError = (err: Error) => {
      out.off('drain', onDrain);
      reject(err);
    };
    out.once('drain', onDrain);
    out.once('error', onError);
  });
}

/** Text and JSON Lines; bookmarked rows are followed by a `** bookmark: note` line (text) or carry a `bookmark` field (JSON Lines). */
export async function exportRows(store: RowStore, format: 'text' | 'jsonl', out: Writable, bookmarks: readonly Bookmark[] = []): Promise<void> {
  const count = store.count;
  const marks = new Map(bookmarks.map((b) => [b.row, b]));
  for (let from = 0; from < count; from += PAGE) {
    const rows = store.rows(from, Math.min(count, from + PAGE));
    await write(out, rows.map((r) => formatRow(r, format, marks.get(r.index))).join(''));
  }
}
