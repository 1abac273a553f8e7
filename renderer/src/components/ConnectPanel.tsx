import { useEffect, useState } from 'react';
import { onAction, withKey } from '../model/action-keys.ts';
import type { ConnectInfo } from '../../../shared/types.ts';
import { isOwnAddress, listenPlaces, placeLabel } from '../model/listen-address.ts';
import { useStore } from '../store/store-context.ts';

function connectLabel(c: ConnectInfo): string {
  const where = `${c.host}:${c.port}`;
  switch (c.state) {
    case 'trying': return `Connecting to ${where}… attempt ${c.attempts}`;
    case 'connected': return `Connected to ${where}`;
    case 'failed': return `Could not connect to ${where}`;
    case 'cancelled': return `Cancelled: ${where}`;
  }
}

/** Connect out to a script that listens itself, retrying until it is up. */
export function ConnectPanel() {
  const store = useStore();
  const [open, setOpen] = useState(false);
  const [host, setHost] = useState('localhost');
  // No default port: the usual one is Porthole's own, and connecting there makes it talk to itself.
  const [port, setPort] = useState('');
  const [error, setError] = useState('');
  const [auto, setAuto] = useState(false);
  const shown = store.connects.filter((c) => c.state === 'trying' || c.state === 'failed');
  useEffect(() => onAction('connect', () => setOpen(true)), []);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const n = Number(port);
    if (!host.trim()) return setError('Enter a host.');
    if (!port.trim()) return setError('Enter the port your script listens on.');
    if (!Number.isInteger(n) || n < 1 || n > 65535) return setError('Port must be 1–65535.');
    if (isOwnAddress(store.listeners, host, n)) {
      const own = listenPlaces(store.listeners).filter((p) => p.kind === 'tcp' && p.port === n).map(placeLabel)[0] ?? `${host.trim()}:${n}`;
      return setError(`Porthole itself listens on ${own}: connecting there would connect Porthole to itself. Enter the port your script listens on.`);
    }
    const started = await store.run('Could not connect', () => store.bridge.invoke('connect:start', { host: host.trim(), port: n, ...(auto ? { autoReconnect: true } : {}) }));
    if (started) {
      setError('');
      setOpen(false);
    }
  };

  return (
    <section className="side-section" aria-labelledby="connect-h">
      <h2 id="connect-h" className="visually-hidden">Connect out</h2>
      {open
        ? (
          <form className="side-form" onSubmit={(e) => void submit(e)} aria-label="Connect to a listening script">
            <label>Host <input value={host} onChange={(e) => setHost(e.target.value)} aria-label="Connect host" autoFocus /></label>
            <label>Port <input value={port} onChange={(e) => setPort(e.target.value)} inputMode="numeric" aria-label="Connect port" placeholder="your script's port" /></label>
            <label className="check-row" title="When the script exits and listens again, connect again and go on in the same session">
              <input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} /> Auto-reconnect
            </label>
            {error && <p className="error-text" role="alert">{error}</p>}
            <div className="form-buttons">
              <button type="submit">Connect</button>
              <button type="button" onClick={() => setOpen(false)}>Cancel</button>
            </div>
          </form>
        )
        : <button type="button" onClick={() => setOpen(true)} title={withKey('Connect out to a script that listens, retrying until it is up', 'connect')}>Connect…</button>}
      {shown.length > 0 && (
        <ul className="connects" aria-label="Connections being made">
          {shown.map((c) => (
            <li key={c.id} className={`connect ${c.state}`}>
              <span>{connectLabel(c)}</span>
              {c.error && <span className="error-text">{c.error}</span>}
              {c.state === 'trying' && (
                <button type="button" className="small" onClick={() => void store.run('Could not cancel', () => store.bridge.invoke('connect:cancel', { id: c.id }))}>
                  Cancel
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
