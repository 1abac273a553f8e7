import { useState } from 'react';
import { DEFAULT_PORT } from '../../../shared/limits.ts';
import type { ListenerInfo, ListenerSpec } from '../../../shared/types.ts';
import { useStore } from '../store/store-context.ts';

export function listenerLabel(l: ListenerInfo): string {
  const where = l.addresses.length > 0
    ? l.addresses.join(' and ')
    : l.kind === 'unix' ? l.path ?? 'unix socket' : `${l.host ?? 'localhost'}:${l.port ?? ''}`;
  if (l.state === 'listening') return `Listening on ${where}`;
  if (l.state === 'error') return `Not listening on ${where}`;
  return `Stopped: ${where}`;
}

export function ListenerList() {
  const store = useStore();
  const [adding, setAdding] = useState(false);
  // A listener that failed at start is reported once, where Porthole says it is not listening (the empty screen).
  const shown = store.listeners.filter((l) => l.state !== 'error');
  return (
    <section className="side-section" aria-labelledby="listeners-h">
      <h2 id="listeners-h">Listeners</h2>
      <ul className="listeners" aria-label="Listeners">
        {shown.map((l) => (
          <li key={l.id} className={`listener ${l.state}${l.exposed ? ' exposed' : ''}`}>
            <span className="listener-label">{listenerLabel(l)}</span>
            {l.exposed && <span className="badge warn" title="Reachable from other machines">exposed</span>}
            {l.error && <span className="error-text">{l.error}</span>}
            <button
              type="button"
              className="small"
              aria-label={`Stop listener ${l.addresses[0] ?? l.id}`}
              title="Stop listening here; sessions already open go on"
              onClick={() => void store.run('Could not stop the listener', () => store.bridge.invoke('listener:remove', { id: l.id }))}
            >
              Stop
            </button>
          </li>
        ))}
        {shown.length === 0 && <li className="muted">Not listening.</li>}
      </ul>
      {adding
        ? <AddListenerForm onDone={() => setAdding(false)} />
        : <button type="button" onClick={() => setAdding(true)} title="Listen on another port or Unix socket as well">Add listener…</button>}
    </section>
  );
}

function AddListenerForm({ onDone }: { onDone(): void }) {
  const store = useStore();
  const [mode, setMode] = useState<'tcp' | 'unix'>('tcp');
  const [host, setHost] = useState('localhost');
  const [port, setPort] = useState(String(DEFAULT_PORT));
  const [path, setPath] = useState('');
  const [error, setError] = useState('');

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    let spec: ListenerSpec;
    if (mode === 'unix') {
      if (!path.trim()) return setError('Enter a socket path.');
      spec = { path: path.trim() };
    } else {
      const n = Number(port);
      if (!Number.isInteger(n) || n < 0 || n > 65535) return setError('Port must be 0–65535.');
      spec = { host: host.trim() || undefined, port: n };
    }
    try {
      const l = await store.bridge.invoke('listener:add', spec);
      if (l.state === 'error') setError(l.error ?? 'Could not listen.');
      else onDone();
    } catch (err) {
      setError(err instanceof Error ? err.message : String((err as { error?: unknown })?.error ?? err));
    }
  };

  return (
    <form className="side-form" onSubmit={(e) => void submit(e)} aria-label="Add listener">
      <div className="radio-row">
        <label><input type="radio" name="lmode" checked={mode === 'tcp'} onChange={() => setMode('tcp')} /> TCP</label>
        <label><input type="radio" name="lmode" checked={mode === 'unix'} onChange={() => setMode('unix')} /> Unix socket</label>
      </div>
      {mode === 'tcp'
        ? (
          <>
            <label>Host <input value={host} onChange={(e) => setHost(e.target.value)} aria-label="Listener host" /></label>
            <label>Port <input value={port} onChange={(e) => setPort(e.target.value)} inputMode="numeric" aria-label="Listener port" /></label>
            {host.trim() !== '' && !/^(localhost|127\.|::1$|\[::1\]$)/.test(host.trim()) && (
              <p className="warn-text">Other machines will be able to connect to this address.</p>
            )}
          </>
        )
        : <label>Path <input value={path} onChange={(e) => setPath(e.target.value)} aria-label="Socket path" placeholder="/tmp/porthole.sock" /></label>}
      {error && <p className="error-text" role="alert">{error}</p>}
      <div className="form-buttons">
        <button type="submit">Listen</button>
        <button type="button" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}
