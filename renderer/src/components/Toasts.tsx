import { useStore } from '../store/store-context.ts';

export function Toasts() {
  const store = useStore();
  if (store.notices.length === 0) return null;
  return (
    <div className="toasts" aria-live="polite">
      {store.notices.map((n) => (
        <div key={n.id} className={`toast ${n.level}`} role={n.level === 'error' ? 'alert' : 'status'}>
          <span className="toast-text">{n.message}</span>
          <button type="button" className="small" aria-label="Dismiss" onClick={() => store.dismiss(n.id)}>×</button>
        </div>
      ))}
    </div>
  );
}
