/** "Save as test" for a session in the core: its rows as a proposed dialog. */
import type { DialogProposal } from '../../../shared/dialog.ts';
import type { Row } from '../../../shared/types.ts';
import type { Session } from '../session.ts';
import { dialogFromRows, MAX_DIALOG_ROWS, ProposeError, readStoredMeta } from './from-transcript.ts';

const PAGE = 2_000;

export function proposeForSession(s: Session, fail: (message: string) => Error): DialogProposal {
  let info: Parameters<typeof dialogFromRows>[1] = { ...s.info(), peerCwd: s.peerCwd };
  // A reopened past session says 'past': how it started, and how it ended, are in its meta.
  if (info.origin === 'past') {
    try {
      const m = readStoredMeta(s.dir, info.key ?? '');
      info = { ...info, origin: m.origin, exit: info.exit ?? m.exit, pty: info.pty ?? m.pty, command: info.command ?? m.command, pid: info.pid ?? m.pid, cwd: info.cwd ?? m.cwd, local: info.local ?? m.local, peerCwd: m.peerCwd };
    } catch {
      // The session's own account is all there is.
    }
  }
  const store = s.store;
  if (store.count > MAX_DIALOG_ROWS) throw fail(`session ${s.id} has ${store.count} rows; a test is made from at most ${MAX_DIALOG_ROWS}`);
  function* rows(): Generator<Row> {
    for (let from = 0; from < store.count; from += PAGE) yield* store.rows(from, Math.min(store.count, from + PAGE));
  }
  try {
    const dialog = dialogFromRows(rows(), info);
    const texts = dialogFromRows(rows(), info, { masks: false }).steps.map((st) => st.expect as string[]);
    const base = (info.name || 'session').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'session';
    return { dialog, ...(info.pid ? { pid: info.pid } : {}), fileName: `${base}.dialog.json`, texts };
  } catch (err) {
    if (err instanceof ProposeError) throw fail(err.message);
    throw err;
  }
}
