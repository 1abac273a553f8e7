import { useEffect, useRef, useState } from 'react';
import type { SessionInfo } from '../../../shared/types.ts';
import { onAction, withKey } from '../model/action-keys.ts';
import { useStore } from '../store/store-context.ts';

/** Alt+R: Reconnect, or stop trying. */
export const RECONNECT_KEY = 'r';

/** Seconds until `at`, rounded up, never below zero. */
function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * For a session that connected out to a script that listens: Reconnect once it has
 * ended (the script restarted), the attempts and their pause shown while trying, Stop,
 * and Auto-reconnect (connect again on its own whenever the connection ends).
 */
export function ReconnectControls({ session }: { session: SessionInfo }) {
  const store = useStore();
  const r = session.reconnect;
  const [now, setNow] = useState(() => Date.now());
  // The choice shows at once; the core's answer follows.
  const [wantAuto, setWantAuto] = useState<boolean | null>(null);
  const autoShown = wantAuto ?? r?.auto ?? false;
  useEffect(() => setWantAuto(null), [r?.auto]);
  const trying = r?.state === 'trying';
  useEffect(() => {
    if (!trying) return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [trying]);
  const ended = session.state !== 'live';
  const setAuto = (on: boolean) => {
    setWantAuto(on);
    void store.run('Could not change auto-reconnect', () => store.bridge.invoke('session:reconnect', { id: session.id, auto: on }))
      .then((res) => res === undefined && setWantAuto(null));
  };
  const toggleAuto = useRef(() => setAuto(!autoShown));
  toggleAuto.current = () => setAuto(!autoShown);
  useEffect(() => onAction('autoReconnect', () => r && !session.readOnly && toggleAuto.current()));
  const act = (args: { auto?: boolean; stop?: boolean }) =>
    void store.run('Could not reconnect', () => store.bridge.invoke('session:reconnect', { id: session.id, ...args }));

  useEffect(() => {
    if (!r) return;
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || e.key.toLowerCase() !== RECONNECT_KEY) return;
      if (trying) act({ stop: true });
      else if (ended) act({});
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (!r || session.readOnly) return null;
  return (
    <span className="reconnect" role="group" aria-label="Reconnect">
      {ended && !trying && (
        <button type="button" onClick={() => act({})} title={`Connect again to ${r.target} and go on in this session (Alt+R)`}>Reconnect</button>
      )}
      {trying && (
        <>
          <span className="reconnect-state" role="status">
            Reconnecting to {r.target}… attempt {r.attempts}
            {r.nextAt !== undefined && `, next in ${secondsUntil(r.nextAt, now)} s`}
            {r.error && ` (${r.error})`}
          </span>
          <button type="button" onClick={() => act({ stop: true })} title="Stop trying to connect again (Alt+R)">Stop</button>
        </>
      )}
      <label title={withKey(`Connect again to ${r.target} on its own whenever the connection ends, e.g. when the script restarts`, 'autoReconnect')}>
        <input
          type="checkbox"
          checked={autoShown}
          onChange={(e) => setAuto(e.target.checked)}
        /> Auto-reconnect
      </label>
    </span>
  );
}
