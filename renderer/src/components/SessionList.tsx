import { stateLabel } from '../model/format.ts';
import { useStore } from '../store/store-context.ts';

export function SessionList() {
  const store = useStore();
  const sessions = store.sessionList();
  return (
    <section className="side-section sessions-section" aria-labelledby="sessions-h">
      <h2 id="sessions-h">Sessions</h2>
      {sessions.length === 0 && <p className="muted">No connections yet. Point a script at a listener, e.g. <code>porthole run -- python app.py</code>.</p>}
      <ul className="sessions" aria-label="Sessions">
        {sessions.map((s) => {
          const unread = store.unread(s.id);
          const selected = s.id === store.selectedId;
          const prompt = store.promptOf(s.id);
          return (
            <li key={s.id} className="session-item">
              <button
                type="button"
                className={`session ${s.state}${selected ? ' selected' : ''}${prompt !== null ? ' waiting' : ''}`}
                aria-current={selected ? 'true' : undefined}
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
                  title={`Remove ${s.name} from the list (its transcript stays among the past sessions)`}
                  onClick={() => void store.run('Could not remove the session', () => store.bridge.invoke('session:remove', { id: s.id }))}
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
