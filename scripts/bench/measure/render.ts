/**
 * The same flood shown by xterm.js and by Porthole's interface in the same Chromium:
 * lines/s until the last line is on screen, main-thread long tasks, frame times, and
 * the page's memory afterwards.
 */
import type { Browser, Page } from 'playwright-core';
import type { App } from '../lib/app.ts';
import { escapeRegExp, newInstrumentedPage, pageMemory, startRecording, stopRecording, waitForText, watch } from '../lib/browser.ts';
import { startPeerPage } from '../lib/peer-page.ts';
import { LINE_BYTES, startFlood, uniqueMarker } from '../lib/proc.ts';
import { epochMs, max, percentile } from '../lib/stats.ts';

export interface RenderResult {
  lines: number;
  /** From the flood's start to its last line on screen. */
  ms: number;
  lps: number;
  mbps: number;
  longestTaskMs: number;
  longTasks: number;
  frameP95Ms: number;
  /** Page memory after a full GC: V8 heap + DOM heap + array buffers. */
  memory: number;
  jsHeap: number;
  /** How busy the serving process (Porthole's core and bridge) was; NaN where not measured. */
  serverCpuPercent: number;
}

async function floodIntoPage(page: Page, port: number, lines: number, show: (page: Page, localPort: number) => Promise<string>, timeoutMs: number, cpuMs: () => number = () => NaN): Promise<RenderResult> {
  const marker = uniqueMarker('render');
  const flood = await startFlood({ port, lines, marker, wait: true });
  try {
    await watch(page, await show(page, flood.localPort), escapeRegExp(marker));
    await startRecording(page);
    const cpu0 = cpuMs();
    const t0 = epochMs();
    flood.start();
    const tVisible = await waitForText(page, marker, timeoutMs);
    const cpu1 = cpuMs();
    const rec = await stopRecording(page);
    await flood.done();
    const mem = await pageMemory(page);
    const ms = tVisible - t0;
    return {
      lines,
      ms,
      lps: lines / (ms / 1000),
      mbps: (lines * LINE_BYTES) / 1e6 / (ms / 1000),
      longestTaskMs: rec.longtasks.length ? max(rec.longtasks) : 0,
      longTasks: rec.longtasks.length,
      frameP95Ms: percentile(rec.frames, 95),
      memory: mem.total,
      jsHeap: mem.jsHeap,
      serverCpuPercent: (100 * (cpu1 - cpu0)) / ms,
    };
  } finally {
    flood.kill();
  }
}

/** xterm.js keeping the whole stream as scrollback, as Porthole keeps it all reachable. */
export async function renderXterm(browser: Browser, lines: number, timeoutMs: number): Promise<RenderResult> {
  const peer = await startPeerPage(lines);
  const page = await newInstrumentedPage(browser);
  try {
    await page.goto(peer.url);
    await page.evaluate(() => (window as unknown as { peerReady: Promise<void> }).peerReady);
    return await floodIntoPage(page, peer.port, lines, async () => '.xterm-rows', timeoutMs);
  } finally {
    await page.context().close();
    await peer.close();
  }
}

export const TRANSCRIPT = '[role="log"][aria-label="Transcript"]';

/** Selects the session of the script whose local port is `localPort`; returns the transcript's selector. */
export async function showSession(page: Page, localPort: number): Promise<string> {
  const button = page.getByRole('list', { name: 'Sessions' }).getByRole('button').filter({ hasText: `:${localPort}` }).first();
  await button.click({ timeout: 15_000 });
  await page.waitForFunction((b) => b?.getAttribute('aria-current') === 'true', await button.elementHandle(), { timeout: 15_000 }).catch(() => {});
  await page.getByRole('log', { name: 'Transcript' }).waitFor({ timeout: 15_000 });
  return TRANSCRIPT;
}

export async function openApp(browser: Browser, app: App): Promise<Page> {
  const page = await newInstrumentedPage(browser);
  await page.goto(app.url);
  await page.getByRole('list', { name: 'Sessions' }).waitFor({ state: 'attached', timeout: 15_000 });
  return page;
}

/** Porthole's interface in browser mode with the flooded session selected. */
export async function renderPorthole(page: Page, app: App, lines: number, timeoutMs: number): Promise<RenderResult> {
  return floodIntoPage(page, app.port, lines, showSession, timeoutMs, () => app.cpuMs());
}
