import { useEffect, useState } from 'react';
import { BOOKMARK_LIMITS, type Bookmark } from '../../../shared/respond.ts';
import type { SessionInfo } from '../../../shared/types.ts';
import { useStore } from '../store/store-context.ts';
import { qaToolsOf } from '../store/qa-tools.ts';
import './qa-tools.css';

export const BOOKMARK_KEY_HINT = 'Ctrl+B';

function NoteField({ id, mark }: { id: number; mark: Bookmark }) {
  const store = useStore();
  const [note, setNote] = useState(mark.note);
  useEffect(() => setNote(mark.note), [mark.note]);
  const save = () => {
    if (note !== mark.note) void qaToolsOf(store).setNote(id, mark.row, note);
  };
  return (
    <input
      className="qa-note"
      value={note}
      maxLength={BOOKMARK_LIMITS.maxNoteChars}
      placeholder="Add a note"
      aria-label={`Note on row ${mark.row + 1}`}
      onChange={(e) => setNote(e.target.value)}
      onBlur={save}
      onKeyDown={(e) => {
        if (e.key === 'Enter') save();
      }}
    />
  );
}

/**
 * The session's bookmarks: Ctrl+B marks the selected row (or unmarks it); each mark
 * jumps to its row and takes a note; the QA report gathers them.
 */
export function Bookmarks({ session }: { session: SessionInfo }) {
  const store = useStore();
  const qa = qaToolsOf(store);
  const marks = qa.marks(session.id);
  const id = session.id;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.key.toLowerCase() !== 'b') return;
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT')) return;
      e.preventDefault();
      const row = qa.selectedRow(id);
      if (row === null) store.notify('info', 'Select a row first (click the margin left of it, or Shift+↑/↓), then Ctrl+B bookmarks it.');
      else void qa.toggleMark(id, row);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [qa, id, store]);

  // A row's context menu: Bookmark (or Remove bookmark).
  const [menu, setMenu] = useState<{ row: number; x: number; y: number } | null>(null);
  useEffect(() => {
    const onMenu = (e: MouseEvent) => {
      const el = (e.target as HTMLElement | null)?.closest?.('[role="log"] .row[data-index]');
      if (!el) return;
      e.preventDefault();
      setMenu({ row: Number(el.getAttribute('data-index')), x: e.clientX, y: e.clientY });
    };
    const close = () => setMenu(null);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setMenu(null);
    };
    document.addEventListener('contextmenu', onMenu);
    window.addEventListener('blur', close);
    window.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('contextmenu', onMenu);
      window.removeEventListener('blur', close);
      window.removeEventListener('keydown', onKey);
    };
  }, []);
  const menuMarked = menu !== null && marks.some((m) => m.row === menu.row);

  return (
    <section className="qa-panel bookmarks" role="region" aria-label="Bookmarks">
      {menu && (
        <div className="qa-menu-backdrop" onMouseDown={() => setMenu(null)} onContextMenu={(e) => {
          e.preventDefault();
          setMenu(null);
        }}>
          <div className="qa-menu" role="menu" aria-label={`Row ${menu.row + 1}`} style={{ left: Math.min(menu.x, window.innerWidth - 180), top: Math.min(menu.y, window.innerHeight - 40) }} onMouseDown={(e) => e.stopPropagation()}>
            <button
              type="button"
              role="menuitem"
              autoFocus
              title={BOOKMARK_KEY_HINT}
              onClick={() => {
                void qa.toggleMark(id, menu.row);
                setMenu(null);
              }}
            >
              {menuMarked ? 'Remove bookmark' : 'Bookmark'} <kbd>{BOOKMARK_KEY_HINT}</kbd>
            </button>
          </div>
        </div>
      )}
      <h2>Bookmarks</h2>
      <button
        type="button"
        className="qa-mark"
        title={`Bookmark the selected row, or remove its bookmark (${BOOKMARK_KEY_HINT})`}
        onClick={() => {
          const row = qa.selectedRow(id);
          if (row === null) store.notify('info', 'Select a row first (click the margin left of it), then bookmark it.');
          else void qa.toggleMark(id, row);
        }}
      >
        Bookmark
      </button>
      <button type="button" title="The program, the dialog's steps and the bookmarked rows with their notes, as Markdown" onClick={() => void store.run('Could not save the QA report', () => store.bridge.exportSession(id, 'report'))}>
        QA report
      </button>
      {marks.length === 0
        ? <span className="qa-empty">None yet: select a row and press {BOOKMARK_KEY_HINT}.</span>
        : (
          <ul className="qa-marks" aria-label="Bookmarked rows">
            {marks.map((m) => (
              <li key={m.row}>
                <button type="button" className="qa-jump" onClick={() => store.reveal(m.row)} title="Show this row">Row {(m.row + 1).toLocaleString('en-US')}</button>
                <NoteField id={id} mark={m} />
                <button type="button" onClick={() => void qa.toggleMark(id, m.row)} aria-label={`Remove the bookmark on row ${m.row + 1}`}>×</button>
              </li>
            ))}
          </ul>
        )}
    </section>
  );
}
