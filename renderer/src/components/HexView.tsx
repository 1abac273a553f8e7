import { useEffect, useMemo, useRef, useState } from 'react';
import { hexBlocks, hexLines, type HexBlock } from '../model/hex-dump.ts';
import { errorText } from '../store/app-store.ts';
import { useStore } from '../store/store-context.ts';
import { viewToolsOf } from '../store/view-tools.ts';

const KIND_NAMES = { out: 'stdout', err: 'stderr', sent: 'sent', note: 'note', auto: 'automatic reply' } as const;
/** Replies one view gathers at most (256 KiB each). */
const MAX_REPLIES = 8;

/** The exact bytes of the selected rows (or of the rows on screen): offset, hex and ASCII, 16 bytes a line. */
export function HexView({ sessionId }: { sessionId: number }) {
  const store = useStore();
  const { rows, selected } = viewToolsOf(store).hexRows(sessionId);
  const from = rows.length ? rows[0] : 0;
  const to = rows.length ? rows[rows.length - 1] + 1 : 0;
  const keyRows = `${sessionId}:${from}:${to}:${rows.length}`;
  const latest = useRef(keyRows);
  latest.current = keyRows;
  const [state, setState] = useState<{ key: string; blocks: HexBlock[]; next: number; more: boolean; replies: number; error?: string } | null>(null);

  const load = (key: string, at: number, blocks: HexBlock[], replies: number) => {
    const keep = new Set(rows);
    store.bridge.invoke('session:bytes', { id: sessionId, from: at, to }).then(
      (res) => {
        if (key === latest.current) setState({ key, blocks: hexBlocks(res, keep, blocks.slice()), next: res.to, more: res.more, replies: replies + 1 });
      },
      (e: unknown) => {
        if (key === latest.current) setState({ key, blocks, next: at, more: false, replies, error: errorText(e) });
      },
    );
  };

  useEffect(() => {
    if (rows.length === 0) return;
    // The rows on screen change as output streams: wait for a pause before reading them again.
    const t = setTimeout(() => load(keyRows, from, [], 0), selected ? 0 : 120);
    return () => clearTimeout(t);
  }, [keyRows]); // eslint-disable-line react-hooks/exhaustive-deps

  const text = useMemo(() => {
    if (!state) return '';
    const out: string[] = [];
    for (const b of state.blocks) {
      const rowsText = b.firstRow === b.lastRow ? `row ${b.firstRow + 1}` : `rows ${b.firstRow + 1}–${b.lastRow + 1}`;
      if (b.note !== undefined) out.push(`── ${rowsText}, note: ${b.note}`);
      else if (b.lost) out.push(`── ${rowsText}, ${KIND_NAMES[b.kind]}: not recorded (the transcript could not be written then)`);
      else {
        out.push(`── ${rowsText}, ${KIND_NAMES[b.kind]}, ${b.bytes.length.toLocaleString('en-US')} byte${b.bytes.length === 1 ? '' : 's'}`);
        out.push(...hexLines(b));
      }
    }
    return out.join('\n');
  }, [state]);

  const what = selected ? `${rows.length.toLocaleString('en-US')} selected row${rows.length === 1 ? '' : 's'}` : 'the rows on screen';
  return (
    <section className="hex-view" aria-label="Hex view">
      <div className="hex-head">
        <span>Bytes of {what}, as received and sent</span>
        {state?.error && <span className="error" role="alert">Could not read the bytes: {state.error}</span>}
        {state?.more && state.replies < MAX_REPLIES && (
          <button type="button" onClick={() => load(state.key, state.next, state.blocks, state.replies)}>More bytes</button>
        )}
      </div>
      <pre className="hex-dump" tabIndex={0}>{rows.length === 0 ? 'No rows on screen.' : text}</pre>
    </section>
  );
}
