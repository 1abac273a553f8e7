import { formatBytes, formatCount } from '../model/format.ts';
import { useStore } from '../store/store-context.ts';

export function StatusBar() {
  const store = useStore();
  const listening = store.listeners.filter((l) => l.state === 'listening').length;
  const live = store.sessionList().filter((s) => s.state === 'live').length;
  const sel = store.selectedId === null ? undefined : store.sessions.get(store.selectedId);
  const rate = sel ? store.rate(sel.id) : null;
  const waiting = store.waiting().length;
  const notify = store.notifyState();
  return (
    <footer className="status-bar" role="status" aria-live="off">
      <span>{listening} listener{listening === 1 ? '' : 's'}</span>
      <span>{live} live session{live === 1 ? '' : 's'}</span>
      {waiting > 0 && <span className="status-waiting">{waiting} waiting for input</span>}
      {(notify === 'off' || notify === 'on') && (
        <button
          type="button"
          className="small notify-toggle"
          aria-pressed={notify === 'on'}
          title={notify === 'on' ? 'A desktop notification says when a script waits for input while this window is in the background. Click to stop.' : 'Shows a desktop notification when a script waits for input while this window is in the background.'}
          onClick={() => (notify === 'on' ? store.disableNotifications() : void store.enableNotifications())}
        >
          {notify === 'on' ? '🔔 ' : ''}Notify me when a script is waiting
        </button>
      )}
      {notify === 'blocked' && <span title="Allow notifications for this page in the browser's site settings.">Notifications blocked by the browser</span>}
      {sel && rate && (
        <>
          <span>{sel.name}: {formatCount(rate.linesPerSec)} lines/s, {formatBytes(rate.bytesPerSec)}/s</span>
          <span>{formatCount(sel.linesIn)} lines in, {formatCount(sel.linesOut)} sent</span>
          <span>{formatBytes(sel.queuedBytes)} queued</span>
          <span>{sel.encoding}</span>
        </>
      )}
      {store.info && <span className="face">{store.info.name} {store.info.version} · {store.info.face}</span>}
    </footer>
  );
}
