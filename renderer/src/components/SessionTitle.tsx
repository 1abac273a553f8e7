import { useEffect, useRef, useState } from 'react';
import type { SessionInfo } from '../../../shared/types.ts';
import { errorText } from '../store/app-store.ts';
import { useStore } from '../store/store-context.ts';

/** A key press that belongs to a text field, where F2 must not start renaming. */
function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

/**
 * The session's name in its header, renamable: the Rename button or F2 turns it into a
 * text field; Enter keeps the new name, Escape (or leaving the field) keeps the old.
 * The core checks the name and keeps it with the session, for the past sessions too.
 */
export function SessionTitle({ session }: { session: SessionInfo }) {
  const store = useStore();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);

  const start = () => {
    returnFocus.current = document.activeElement as HTMLElement | null;
    setDraft(session.name);
    setProblem(null);
    setEditing(true);
  };
  const stop = () => {
    setEditing(false);
    setProblem(null);
    // Back where the person was, as a dialog would.
    queueMicrotask(() => returnFocus.current?.isConnected && returnFocus.current.focus());
  };
  const save = async () => {
    if (draft.trim() === session.name) return stop();
    try {
      await store.bridge.invoke('session:rename', { id: session.id, name: draft });
      stop();
    } catch (e) {
      setProblem(errorText(e));
    }
  };

  useEffect(() => {
    if (editing) inputRef.current?.select();
  }, [editing]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F2' && !e.ctrlKey && !e.altKey && !e.metaKey && !typingIn(e.target)) {
        e.preventDefault();
        start();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (!editing) {
    return (
      <>
        <h1>{session.name}</h1>
        <button type="button" className="rename-open" onClick={start} title="Rename this session (F2)">Rename</button>
      </>
    );
  }
  return (
    <span className="rename">
      <input
        ref={inputRef}
        aria-label="Session name"
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? 'rename-problem' : undefined}
        value={draft}
        maxLength={200}
        spellCheck={false}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void save();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            stop();
          }
        }}
        onBlur={() => setTimeout(() => setEditing((on) => (on && document.activeElement !== inputRef.current ? false : on)), 0)}
      />
      {problem && <span id="rename-problem" className="rename-problem" role="alert">{problem}</span>}
    </span>
  );
}
