import { useRef } from 'react';
import { thumbOffset, thumbSize, topFromThumb } from '../model/scroll-math.ts';

interface Props {
  controls: string;
  count: number;
  viewRows: number;
  top: number;
  trackPx: number;
  onScroll(top: number): void;
  onPage(dir: 1 | -1): void;
}

/**
 * The transcript's own scrollbar: the position is a row number, so it works the same
 * at ten rows and at ten million (a native scrollbar would need an element taller
 * than browsers allow).
 */
export function Scrollbar({ controls, count, viewRows, top, trackPx, onScroll, onPage }: Props) {
  const drag = useRef<{ startY: number; startOffset: number } | null>(null);
  const size = thumbSize(trackPx, count, viewRows);
  const offset = thumbOffset(top, trackPx, size, count, viewRows);
  if (size >= trackPx) return <div className="scrollbar idle" aria-hidden="true" />;
  return (
    <div
      className="scrollbar"
      role="scrollbar"
      aria-controls={controls}
      aria-orientation="vertical"
      aria-valuemin={0}
      aria-valuemax={Math.max(0, count - 1)}
      aria-valuenow={Math.floor(top)}
      aria-label="Transcript position"
      onPointerDown={(e) => {
        if (e.target !== e.currentTarget) return;
        const y = e.nativeEvent.offsetY;
        onPage(y < offset ? -1 : 1);
      }}
    >
      <div
        className="thumb"
        style={{ height: size, transform: `translateY(${offset}px)` }}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          drag.current = { startY: e.clientY, startOffset: offset };
          e.preventDefault();
        }}
        onPointerMove={(e) => {
          const d = drag.current;
          if (!d) return;
          onScroll(topFromThumb(d.startOffset + e.clientY - d.startY, trackPx, size, count, viewRows));
        }}
        onPointerUp={() => { drag.current = null; }}
        onPointerCancel={() => { drag.current = null; }}
      />
    </div>
  );
}
