import { useState } from 'react';
import { formatBytes } from '../model/format.ts';
import { useStore } from '../store/store-context.ts';

/** Transcripts recorded before this start of Porthole, reopened read-only. */
export function PastSessions() {
  const store = useStore();
  const [open, setOpen] = useState(false);
  const toggle = () => {
    if (!open) void store.loadPast();
    setOpen(!open);
  };
  const openKeys = new Set(store.sessionList().map((s) => s.key));
  const past = (store.past ?? []).filter((p) => !openKeys.has(p.key));
  return (
    <section className="side-section" aria-labelledby="past-h">
      <h2 id="past-h">
        <button type="button" className="disclosure" aria-expanded={open} onClick={toggle} title="Transcripts of earlier sessions, kept on disk">
          {open ? '▾' : '▸'} Past sessions
        </button>
      </h2>
      {open && (
        <ul className="past" aria-label="Past sessions">
          {store.past === null && <li className="muted">Loading…</li>}
          {store.past !== null && past.length === 0 && <li className="muted">None.</li>}
          {past.map((p) => (
            <li key={p.key} className="session-item">
              <button type="button" className="session past" onClick={() => void store.openPast(p.key)} title={`Open the transcript of ${p.name} (read only)`}>
                <span className="session-name">{p.name}</span>
                <span className="session-peer">{new Date(p.startedAt).toLocaleString()}</span>
                <span className="session-state">{formatBytes(p.bytesIn)} in, {formatBytes(p.bytesOut)} out</span>
              </button>
              <button
                type="button"
                className="session-remove"
                aria-label="Delete"
                title={`Delete the transcript of ${p.name} from disk`}
                onClick={() => {
                  if (window.confirm(`Delete the transcript of "${p.name}" (${new Date(p.startedAt).toLocaleString()}) from disk? This cannot be undone.`)) void store.deletePast(p.key);
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
