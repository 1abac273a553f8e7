/** The plot of a large numeric session (part of `npm run bench:ui`; alone with `node bin/tsx.js scripts/bench/plot.ts`). */
import type { Page } from 'playwright-core';
import type { App } from '../lib/app.ts';
import type { BenchOptions } from '../lib/options.ts';
import { makeRow, type Expected, type Report } from '../lib/report.ts';
import { MB } from '../lib/stats.ts';
import { measurePlot } from '../measure/plot.ts';
import { log } from './baselines.ts';
import { TARGETS } from './targets.ts';

const fmt = (n: number) => n.toLocaleString('en-US');

export async function plotSection(report: Report, opts: BenchOptions, needApp: () => Promise<{ app: App; page: Page }>): Promise<void> {
  const plotRows = opts.quick ? 200_000 : 5_000_000;
  const timeoutMs = opts.quick ? 30_000 : 15 * 60_000;
  log(`plot: ${fmt(plotRows)} numeric rows`);
  const plotLabel = `plot of ${fmt(plotRows)} rows`;
  const plotExp: Expected[] = [
    { item: '10', measure: `${plotLabel}: first full-range plot on screen (a preview while the rows are read)`, unit: 'ms', target: TARGETS.plotFullRange },
    { item: '10', measure: `${plotLabel}: first plot, every row read`, unit: 'ms', target: TARGETS.plotFullRange },
    { item: '10', measure: `${plotLabel}: full range drawn once read`, unit: 'ms', target: TARGETS.plotFullRange },
    { item: '10', measure: `${plotLabel}: longest task while panning`, unit: 'ms', target: TARGETS.longTask },
    { item: '10', measure: `${plotLabel}: page memory with the plot open, more than without`, unit: 'MB', target: TARGETS.plotMemory },
  ];
  await report.section(plotExp, async () => {
    const { app, page } = await needApp();
    const r = await measurePlot(page, app, plotRows, timeoutMs);
    return [
      makeRow({ ...plotExp[0], value: r.firstShownMs }),
      makeRow({ ...plotExp[1], value: r.firstPlotMs }),
      makeRow({ ...plotExp[2], value: r.fullRangeMs }),
      makeRow({ ...plotExp[3], value: r.panLongestTaskMs, extra: { longTasks: r.panLongTasks } }),
      makeRow({ ...plotExp[4], value: r.memoryDelta / MB }),
    ];
  });
}
