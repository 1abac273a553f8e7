import { useRef } from 'react';
import { stateLabel } from '../model/format.ts';
import { sessionForListKey } from '../model/session-keys.ts';
import { useStore } from '../store/store-context.ts';

/**
 * The live and finished sessions. The list is one Tab stop (the selected session);
 * Up/Down/Home/End move through it and select, Delete removes a finished session, and
 * Ctrl+1…9 / Ctrl+PageUp/PageDown switch from anywhere (App.tsx).
 */
export function SessionList() {
  const store = useStore();
  const sessions = store.sessionList();
  const listRef = useRef<HTMLUListElement>(null);
  const order = sessions.map((s) => s.id);
  const tabStop = store.selectedId !== null && order.includes(store.selectedId) ? store.selectedId : order[0];
  const remove = (id: number) => void store.run('Could not remove the session', () => store.bridge.invoke('session:remove', { id }));
  const onKeyDown = (e: React.KeyboardEvent<HTMLUListElement>) => {
    const focused = Number((document.activeElement as HTMLElement | null)?.dataset.session);
    const current = Number.isFinite(focused) ? focused : store.selectedId;
    if (e.key === 'Delete' && current !== null) {
      const s = store.sessions.get(current);
      if (s?.state === 'closed') {
        e.preventDefault();
        remove(current);
      }
      return;
    }
    const next = sessionForListKey(e.key, order, current);
    if (next === null) return;
    e.preventDefault();
    store.select(next);
    listRef.current?.querySelector<HTMLElement>(`[data-session="${next}"]`)?.focus();
  };
  return (
    <section className="side-section sessions-section" aria-labelledby="sessions-h">
      <h2 id="sessions-h">Sessions</h2>
      {sessions.length === 0 && <p className="muted">No connections yet. Point a script at a listener, e.g. <code>porthole run -- python app.py</code>.</p>}
      <ul className="sessions" aria-label="Sessions" ref={listRef} onKeyDown={onKeyDown}>
        {sessions.map((s, i) => {
          const unread = store.unread(s.id);
          const selected = s.id === store.selectedId;
          const prompt = store.promptOf(s.id);
          return (
            <li key={s.id} className="session-item">
              <button
                type="button"
                className={`session ${s.state}${selected ? ' selected' : ''}${prompt !== null ? ' waiting' : ''}`}
                aria-current={selected ? 'true' : undefined}
                data-session={s.id}
                tabIndex={s.id === tabStop ? 0 : -1}
                title={i < 9 ? `${s.name} (Ctrl+${i + 1}; Ctrl+PageUp/PageDown: previous/next; in the list: arrow keys)` : `${s.name} (Ctrl+PageUp/PageDown: previous/next; in the list: arrow keys)`}
                onClick={() => store.select(s.id)}
              >
                <span className="session-name">{s.name}</span>
                {unread > 0 && <span className="badge unread" aria-label={`${unread} unread`}>{unread > 999 ? '999+' : unread}</span>}
                <span className="session-peer">{s.peer !== s.name ? s.peer : s.pid ? `pid ${s.pid}` : s.origin === 'connected' ? 'connected out' : 'accepted'}</span>
                <span className={`session-state ${s.state}`}>{stateLabel(s)}</span>
                {prompt !== null && (
                  <span className="session-waiting" title={prompt}>
                    <span className="waiting-label">waiting for input:</span> <span className="waiting-prompt">{prompt.trim() || '(empty prompt)'}</span>
                  </span>
                )}
                {s.transcriptError && <span className="session-warning">transcript not saved</span>}
              </button>
              {s.state === 'closed' && (
                <button
                  type="button"
                  className="session-remove"
                  aria-label="Remove"
                  tabIndex={-1}
                  title={`Remove ${s.name} from the list (Delete; its transcript stays among the past sessions)`}
                  onClick={() => remove(s.id)}
                >
                  ×
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
