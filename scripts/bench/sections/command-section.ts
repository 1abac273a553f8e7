/** Rows about the `porthole` command itself (`npm run bench:command`, and part of `npm run bench`). */
import type { BenchOptions } from '../lib/options.ts';
import { makeRow, type Expected, type Report, type Target } from '../lib/report.ts';
import { MB, medianOf, percentile } from '../lib/stats.ts';
import { bundleProblem, ensureBundle, portholeRun, pythonIntoCat, startup } from '../measure/startup.ts';
import { log } from './baselines.ts';

const TARGET = {
  startTime: { on: 'ratio', op: '<=', limit: 2, text: '≤ 2× node -e 0' },
  startRss: { on: 'ratio', op: '<=', limit: 2, text: '≤ 2× node -e 0' },
  run: { on: 'ratio', op: '<=', limit: 1.3, text: '≤ 1.30× | cat' },
} satisfies Record<string, Target>;

export async function commandSection(report: Report, opts: BenchOptions): Promise<void> {
  const runs = opts.quick ? 5 : 30;
  const startRows: Expected[] = [
    { item: '9', measure: 'porthole --help: start-up time', unit: 'ms', target: TARGET.startTime },
    { item: '9', measure: 'porthole --help: peak RSS', unit: 'MB', target: TARGET.startRss },
  ];
  log(`command start-up: porthole --help and node -e 0, ${runs} runs each`);
  await report.section(startRows, async () => {
    ensureBundle();
    const r = startup(runs);
    // An edit to the sources meanwhile (a shared checkout) sends bin/porthole.js to tsx.
    const stale = bundleProblem();
    if (stale) throw new Error(`the sources changed while measuring (${stale}), so some runs went through tsx`);
    return [
      makeRow({ ...startRows[0], value: r.porthole.ms, baseline: { name: 'node -e 0', value: r.node.ms }, note: `median of ${r.porthole.runs}` }),
      makeRow({ ...startRows[1], value: r.porthole.rss / MB, baseline: { name: 'node -e 0', value: r.node.rss / MB }, note: `median of ${r.porthole.runs}` }),
    ];
  });

  const { pythonLines: lines, pythonTrials: trials } = opts.sizes;
  const runRow: Expected = { item: '9', measure: `porthole run: python3 -u prints ${lines.toLocaleString('en-US')} lines into the core`, unit: 's', target: TARGET.run };
  log(`porthole run: ${lines} Python lines, and the same into cat`);
  await report.section([runRow], async () => {
    ensureBundle();
    // Alternating, so a busy moment on shared cores falls on both sides alike.
    const cat: number[] = [];
    const run = await medianOf(trials, async () => {
      cat.push(await pythonIntoCat(lines));
      const r = await portholeRun(lines);
      if (r.lines < lines) throw new Error(`the core received ${r.lines} of ${lines} lines`);
      return r.seconds;
    });
    const stale = bundleProblem();
    if (stale) throw new Error(`the sources changed while measuring (${stale}), so some runs went through tsx`);
    const baseline = { name: 'python3 -u … | cat', value: percentile(cat, 50) };
    return [makeRow({ ...runRow, value: run, baseline, note: trials > 1 ? `medians of ${trials}` : undefined })];
  });
}
