import { formatBytes, formatCount } from '../model/format.ts';
import { useStore } from '../store/store-context.ts';

export function StatusBar() {
  const store = useStore();
  const listening = store.listeners.filter((l) => l.state === 'listening').length;
  const live = store.sessionList().filter((s) => s.state === 'live').length;
  const sel = store.selectedId === null ? undefined : store.sessions.get(store.selectedId);
  const rate = sel ? store.rate(sel.id) : null;
  return (
    <footer className="status-bar" role="status" aria-live="off">
      <span>{listening} listener{listening === 1 ? '' : 's'}</span>
      <span>{live} live session{live === 1 ? '' : 's'}</span>
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
