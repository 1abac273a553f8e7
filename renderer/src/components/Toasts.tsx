import { useLayoutEffect, useState, type CSSProperties } from 'react';
import { useStore } from '../store/store-context.ts';

const GAP = 8;

/**
 * Where toasts may go: inside the transcript, left of its scroll bar (or inside the main
 * column with no session), so they never cover the Reply box, the hint, the plot or the
 * status bar below it.
 */
function toastArea(): CSSProperties {
  const area = document.querySelector('.transcript-body') ?? document.querySelector('.main');
  if (!area) return {};
  const r = area.getBoundingClientRect();
  const bar = area.querySelector('.scrollbar')?.getBoundingClientRect().width ?? 0;
  const top = Math.round(r.top + GAP);
  return {
    top,
    right: Math.round(window.innerWidth - r.right + bar + GAP),
    maxHeight: Math.max(40, Math.round(r.bottom - GAP - top)),
    maxWidth: Math.max(160, Math.min(420, Math.round(r.width - bar - 2 * GAP))),
  };
}

export function Toasts() {
  const store = useStore();
  const [style, setStyle] = useState<CSSProperties>({});
  const shown = store.notices.length > 0;

  useLayoutEffect(() => {
    if (!shown) return;
    const place = () => {
      const next = toastArea();
      setStyle((cur) => (JSON.stringify(cur) === JSON.stringify(next) ? cur : next));
    };
    place();
    window.addEventListener('resize', place);
    return () => window.removeEventListener('resize', place);
  });

  if (!shown) return null;
  return (
    <div className="toasts" aria-live="polite" style={style}>
      {store.notices.map((n) => (
        <div key={n.id} className={`toast ${n.level}`} role={n.level === 'error' ? 'alert' : 'status'}>
          <span className="toast-text">{n.message}</span>
          <button type="button" className="small" aria-label="Dismiss" onClick={() => store.dismiss(n.id)}>×</button>
        </div>
      ))}
    </div>
  );
}
