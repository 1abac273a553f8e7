import { useEffect, useRef, useState } from 'react';
import { useStore } from '../store/store-context.ts';

interface Props {
  sessionId: number;
  onClose(): void;
}

/** Find in the transcript: the core searches the whole session; the bar shows the count and moves between matches. */
export function FindBar({ sessionId, onClose }: Props) {
  const store = useStore();
  const [query, setQuery] = useState(store.search?.query ?? '');
  const [regex, setRegex] = useState(false);
  const [caseSensitive, setCaseSensitive] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  const current = (): boolean => {
    const s = store.search;
    return !!s && s.sessionId === sessionId && s.query === query && s.regex === regex && s.caseSensitive === caseSensitive;
  };

  useEffect(() => {
    // Typing restarts the search once the person pauses, not on every key.
    const t = setTimeout(() => {
      if (!current() || query === '') void store.startSearch(sessionId, query, regex, caseSensitive);
    }, 150);
    return () => clearTimeout(t);
  }, [store, sessionId, query, regex, caseSensitive]); // eslint-disable-line react-hooks/exhaustive-deps

  const s = store.search && store.search.sessionId === sessionId ? store.search : null;
  let status = '';
  if (s?.error) status = s.error;
  else if (s) {
    const n = s.matches.toLocaleString('en-US');
    status = s.current >= 0 && s.matches > 0
      ? `${s.ordinal.toLocaleString('en-US')} of ${n}${s.done ? '' : '…'}`
      : `${n} match${s.matches === 1 ? '' : 'es'}${s.done ? '' : '…'}`;
  }

  // search:seek looks after/before a row and wraps; from the last row "after" is row 0.
  const seek = async (dir: 1 | -1) => {
    // Enter right after typing: the search for what is typed starts now, not after the pause.
    if (!current() && query !== '') await store.startSearch(sessionId, query, regex, caseSensitive);
    await store.searchFound();
    const count = store.windowOf(sessionId).count;
    const from = dir === 1 ? (store.viewTop > 0 ? store.viewTop - 1 : Math.max(0, count - 1)) : store.viewTop;
    void store.seek(dir, from);
  };
  const close = () => {
    void store.clearSearch();
    onClose();
  };

  return (
    <div className="find-bar" role="search">
      <input
        ref={inputRef}
        type="search"
        aria-label="Find"
        placeholder="Find in transcript"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void seek(e.shiftKey ? -1 : 1);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            close();
          }
        }}
      />
      <label><input type="checkbox" checked={regex} onChange={(e) => setRegex(e.target.checked)} /> Regex</label>
      <label><input type="checkbox" checked={caseSensitive} onChange={(e) => setCaseSensitive(e.target.checked)} /> Match case</label>
      <span className={`find-status${s?.error ? ' error' : ''}`} role="status" aria-live="polite">{status}</span>
      <button type="button" aria-label="Previous match" title="Previous match (Shift+Enter)" onClick={() => void seek(-1)} disabled={!s || s.matches === 0}>↑</button>
      <button type="button" aria-label="Next match" title="Next match (Enter)" onClick={() => void seek(1)} disabled={!s || s.matches === 0}>↓</button>
      <button type="button" aria-label="Close find" title="Close (Esc)" onClick={close}>×</button>
    </div>
  );
}
