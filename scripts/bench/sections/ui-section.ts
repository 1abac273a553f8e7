/** Rows measured against the whole app in browser mode and headless Chromium (`npm run bench:ui`, and part of `npm run bench`). */
import type { Browser, Page } from 'playwright-core';
import { ensureRendererBuilt, startApp, type App } from '../lib/app.ts';
import { launchBrowser } from '../lib/browser.ts';
import type { BenchOptions } from '../lib/options.ts';
import { runPythonProducer, uniqueMarker } from '../lib/proc.ts';
import { makeRow, type Expected, type Report } from '../lib/report.ts';
import { MB, medianOf } from '../lib/stats.ts';
import { enterLatencyApp, enterLatencyPlain, printLatencyApp, printLatencyRaw, type LatencyResult } from '../measure/latency.ts';
import { openApp, renderPorthole, renderXterm, showSession, type RenderResult } from '../measure/render.ts';
import { log, type Baselines } from './baselines.ts';
import { TARGETS } from './targets.ts';
import { plotSection } from './plot-section.ts';
import { worstCaseSection } from './worst-case-section.ts';

const fmt = (n: number) => n.toLocaleString('en-US');

export async function uiSection(report: Report, opts: BenchOptions, base: Baselines): Promise<void> {
  const s = opts.sizes;
  const renderTimeout = opts.quick ? 30_000 : 15 * 60_000;
  let browser: Browser | null = null;
  let app: App | null = null;
  let page: Page | null = null;
  // Later steps reuse the browser and the app; if starting them failed, they say why.
  let startError = '';
  const needApp = async (): Promise<{ browser: Browser; app: App; page: Page }> => {
    if (startError) throw new Error(startError);
    try {
      browser ??= await launchBrowser(opts.chromium);
      if (!app) {
        ensureRendererBuilt(log);
        app = await startApp();
      }
      page ??= await openApp(browser, app);
      return { browser, app, page };
    } catch (err) {
      startError = err instanceof Error ? err.message.split('\n')[0] : String(err);
      throw err;
    }
  };

  try {
    const flood = `${fmt(s.renderLines)} lines`;
    const ingestApp: Expected = { item: '1', measure: `ingest ${fmt(s.ingestLines)} × 80 B lines: Porthole app, session visible (d)`, unit: 'MB/s', target: TARGETS.ingest };
    const renderRows: Expected[] = [
      { item: '3', measure: `render ${flood}: lines/s to last line on screen`, unit: 'lines/s', target: TARGETS.renderSpeed },
      { item: '3', measure: `render ${flood}: page memory afterwards`, unit: 'MB', target: TARGETS.renderMemory },
      { item: '3', measure: `render ${flood}: V8 heap afterwards (JSHeapUsedSize)`, unit: 'MB' },
      { item: '5', measure: `flood of ${flood}: longest main-thread task`, unit: 'ms', target: TARGETS.longTask },
      { item: '5', measure: `flood of ${flood}: frame time p95`, unit: 'ms' },
    ];
    log(`render: xterm.js, ${flood}`);
    let xterm: RenderResult | null = null;
    let xtermError = '';
    try {
      browser ??= await launchBrowser(opts.chromium);
      xterm = await renderXterm(browser, s.renderLines, renderTimeout);
    } catch (err) {
      xtermError = err instanceof Error ? err.message.split('\n')[0] : String(err);
      log(`xterm.js: ${xtermError}`);
    }
    const xb = (name: string, v: number | undefined) => ({ name: xterm ? name : `${name} (not available)`, value: v ?? null });
    renderRows[0].baseline = xb('xterm.js', xterm?.lps);
    renderRows[1].baseline = xb('xterm.js', xterm ? xterm.memory / MB : undefined);
    renderRows[2].baseline = xb('xterm.js', xterm ? xterm.jsHeap / MB : undefined);
    renderRows[3].baseline = xb('xterm.js', xterm?.longestTaskMs);
    renderRows[4].baseline = xb('xterm.js', xterm?.frameP95Ms);

    log(`render: Porthole app, ${flood}`);
    let rendered: RenderResult | null = null;
    await report.section(renderRows, async () => {
      const { app, page } = await needApp();
      const r = (rendered = await renderPorthole(page, app, s.renderLines, renderTimeout));
      return [
        makeRow({ ...renderRowsNote(renderRows[0], xtermError), value: r.lps }),
        makeRow({ ...renderRowsNote(renderRows[1], xtermError), value: r.memory / MB }),
        makeRow({ ...renderRowsNote(renderRows[2], xtermError), value: r.jsHeap / MB }),
        makeRow({ ...renderRowsNote(renderRows[3], xtermError), value: r.longestTaskMs, extra: { longTasks: r.longTasks, xtermLongTasks: xterm?.longTasks ?? 'n/a' } }),
        makeRow({ ...renderRowsNote(renderRows[4], xtermError), value: r.frameP95Ms }),
      ];
    });

    log(`ingest: Porthole app, ${fmt(s.ingestLines)} lines`);
    await report.section([ingestApp], async () => {
      const raw = await base.rawIngest();
      ingestApp.baseline = { name: 'raw sink', value: raw.mbps };
      const { app, page } = await needApp();
      const same = rendered as RenderResult | null;
      const r = same && s.renderLines === s.ingestLines ? same : await renderPorthole(page, app, s.ingestLines, renderTimeout);
      return [makeRow({ ...ingestApp, value: r.mbps, note: 'until the last line is on screen', extra: { linesPerSecond: r.lps, ms: r.ms, appCpuPercent: r.serverCpuPercent } })];
    });

    log('python producer: raw sink and app');
    const pyApp: Expected = { item: '2', measure: `python prints ${fmt(s.pythonLines)} lines: into the app, session visible`, unit: 's', target: TARGETS.slowdown };
    await report.section([pyApp], async () => {
      const raw = await base.pythonRaw();
      pyApp.baseline = { name: 'into raw sink', value: raw };
      const { app, page } = await needApp();
      const secs = await medianOf(s.pythonTrials, () =>
        runPythonProducer(app.port, s.pythonLines, uniqueMarker('py'), async (localPort) => {
          await showSession(page, localPort);
        }),
      );
      return [makeRow({ ...pyApp, value: secs })];
    });

    const lat = (r: LatencyResult, e: Expected, which: 'p50' | 'p99', baseline: LatencyResult | null, baseName: string) =>
      makeRow({
        ...e,
        value: r.missing > 0 && !Number.isFinite(r[which]) ? null : r[which],
        baseline: { name: baseName, value: baseline ? baseline[which] : null },
        note: r.missing > 0 ? `${r.missing} of ${r.samples} samples never appeared` : undefined,
        extra: { samples: r.samples, missing: r.missing },
      });
    for (const flooded of [false, true]) {
      const when = flooded ? 'while another session floods' : 'idle';
      log(`latency: print to screen, ${when}`);
      const rows: Expected[] = [
        { item: '4', measure: `print → on screen p50, ${when}`, unit: 'ms', target: flooded ? undefined : TARGETS.latencyIdleP50 },
        { item: '4', measure: `print → on screen p99, ${when}`, unit: 'ms', target: flooded ? TARGETS.latencyFloodP99 : TARGETS.latencyIdleP99 },
      ];
      await report.section(rows, async () => {
        const raw = await printLatencyRaw(s.latencySamples, flooded);
        rows[0].baseline = { name: 'raw sink', value: raw.p50 };
        rows[1].baseline = { name: 'raw sink', value: raw.p99 };
        const { app, page } = await needApp();
        const r = await printLatencyApp(page, app, s.latencySamples, flooded);
        return [lat(r, rows[0], 'p50', raw, 'raw sink'), lat(r, rows[1], 'p99', raw, 'raw sink')];
      });
    }

    log('latency: Enter to script');
    const enterRows: Expected[] = [
      { item: '4', measure: 'Enter in Reply → bytes at the script p50', unit: 'ms' },
      { item: '4', measure: 'Enter in Reply → bytes at the script p99', unit: 'ms', target: TARGETS.enterP99 },
    ];
    await report.section(enterRows, async () => {
      browser ??= await launchBrowser(opts.chromium);
      const plain = await enterLatencyPlain(browser, s.replySamples);
      enterRows[0].baseline = { name: 'plain page + WebSocket', value: plain.p50 };
      enterRows[1].baseline = { name: 'plain page + WebSocket', value: plain.p99 };
      const { app, page } = await needApp();
      const r = await enterLatencyApp(page, app, s.replySamples);
      return [lat(r, enterRows[0], 'p50', plain, 'plain page + WebSocket'), lat(r, enterRows[1], 'p99', plain, 'plain page + WebSocket')];
    });

    // A fresh app and page hold only the long session, so the memory is that session's.
    log(`renderer memory: ${fmt(s.bigLines)} lines`);
    const bigRow: Expected = { item: '7', measure: `${fmt(s.bigLines)} lines: renderer page memory`, unit: 'MB', target: TARGETS.rendererHeap };
    await report.section([bigRow], async () => {
      const first = await needApp();
      const firstMemory = report.rows.find((r) => r.item === '3' && r.measure.includes('page memory'))?.value ?? null;
      bigRow.baseline = { name: `same page at ${fmt(s.renderLines)} lines`, value: firstMemory };
      await first.page.context().close();
      page = null;
      await first.app.close();
      app = null;
      const fresh = await needApp();
      const r = await renderPorthole(fresh.page, fresh.app, s.bigLines, opts.quick ? 40_000 : 30 * 60_000);
      return [makeRow({ ...bigRow, value: r.memory / MB, extra: { jsHeapMB: r.jsHeap / MB, appRssMB: fresh.app.rss() / MB, linesPerSecond: r.lps } })];
    });

    await worstCaseSection(report, opts, needApp);

    await plotSection(report, opts, needApp);
  } finally {
    const b = browser as Browser | null;
    const a = app as App | null;
    await a?.close().catch(() => {});
    await b?.close().catch(() => {});
  }
}

/** Says why the xterm.js baseline is missing, on a row that still has Porthole's figure. */
function renderRowsNote(e: Expected, xtermError: string): Expected & { note?: string } {
  return xtermError && e.item !== '1' ? { ...e, note: `xterm.js baseline not available: ${xtermError}` } : e;
}
