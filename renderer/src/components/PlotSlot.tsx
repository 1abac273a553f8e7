import { lazy, Suspense } from 'react';

/** The plot panel and its charting library load when the panel is first opened, not with the window. */
const PlotPanel = lazy(() => import('./PlotPanel.tsx'));

export function PlotSlot({ sessionId }: { sessionId: number }) {
  return (
    <Suspense fallback={<section className="plot-panel" role="region" aria-label="Plot"><p className="plot-empty">Loading the plot…</p></section>}>
      <PlotPanel sessionId={sessionId} />
    </Suspense>
  );
}
