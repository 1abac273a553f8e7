import { useState } from 'react';
import { DEFAULT_PORT } from '../../../shared/limits.ts';
import { listenPlaces, placeLabel, pythonExample } from '../model/listen-address.ts';
import { requestAction, withKey } from '../model/action-keys.ts';
import { useStore } from '../store/store-context.ts';

/** The screen with no session open: where Porthole listens (or that it does not), and how a script connects. */
export function Welcome() {
  const store = useStore();
  const places = listenPlaces(store.listeners);
  // Listeners asked for at start that failed: reported here, once, not in the sidebar.
  const failed = store.listeners.filter((l) => l.state === 'error' && l.error);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const listen = async () => {
    setBusy(true);
    setError('');
    try {
      const l = await store.bridge.invoke('listener:add', { host: 'localhost', port: DEFAULT_PORT });
      if (l.state === 'error') setError(l.error ?? 'Could not listen.');
    } catch (err) {
      setError(err instanceof Error ? err.message : String((err as { error?: unknown })?.error ?? err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="welcome">
      <h1>Porthole</h1>
      {places.length > 0
        ? (
          <>
            <p>
              Listening on {places.map((p, i) => <span key={i}>{i > 0 && ' and '}<code>{placeLabel(p)}</code></span>)}.
              {' '}Waiting for a script to connect. In Python, for example:
            </p>
            <pre>{pythonExample(places[0])}</pre>
            <p>
              or run any program with <code>porthole run -- python app.py</code>
              {store.info?.run.allowed && (
                <>, or here: <button type="button" className="link-button" onClick={() => requestAction('run')} title={withKey('Start a program as a new session', 'run')}>Run a program…</button></>
              )}
              .
            </p>
          </>
        )
        : (
          <section aria-label="Not listening">
            <p><strong>Porthole is not listening</strong>, so no script can connect to it.</p>
            {!error && failed.map((l) => <p key={l.id} className="error-text">{sentence(l.error!)}</p>)}
            <div className="welcome-listen">
              <button type="button" disabled={busy} onClick={() => void listen()}>Listen on port {DEFAULT_PORT}</button>
              <span className="muted">or add a listener in the sidebar.</span>
            </div>
            {error && <p className="error-text" role="alert">{sentence(error)}</p>}
          </section>
        )}
    </div>
  );
}

/** The core's messages start in lower case (they follow "porthole: " in a terminal); alone here they read as a sentence. */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
