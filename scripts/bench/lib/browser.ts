/** Headless Chromium for the browser-side measurements, and what the harness installs in each page. */
import { chromium, type Browser, type Page } from 'playwright-core';
import { existsSync } from 'node:fs';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

export async function launchBrowser(executablePath: string): Promise<Browser> {
  if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}`);
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

/**
 * Installed before any page script runs: long-task and frame recording, and a watcher
 * that notes the moment a text first appears inside an element. Passed as a string so
 * the bundler of this file does not rewrite it.
 */
const INSTRUMENT = `(() => {
  const longtasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longtasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  const frames = [];
  let last = 0, recording = false, t0 = 0;
  const loop = (t) => { if (recording && last) frames.push(t - last); last = t; requestAnimationFrame(loop); };
  requestAnimationFrame(loop);
  const seen = new Map();
  let selector = null, re = null, observer = null;
  const scan = () => {
    const target = selector && document.querySelector(selector);
    if (!target || !re) return;
    const now = performance.timeOrigin + performance.now();
    const text = target.textContent || '';
    re.lastIndex = 0;
    for (let m; (m = re.exec(text)); ) if (!seen.has(m[0])) seen.set(m[0], now);
  };
  window.__bench = {
    startRecording() { frames.length = 0; last = 0; recording = true; t0 = performance.now(); },
    stopRecording() {
      recording = false;
      const t1 = performance.now();
      const tasks = longtasks.filter(([s, d]) => s + d >= t0 && s <= t1).map(([, d]) => d);
      return { frames: frames.slice(), longtasks: tasks, ms: t1 - t0 };
    },
    watch(sel, pattern) {
      observer?.disconnect();
      selector = sel; re = new RegExp(pattern, 'g');
      observer = new MutationObserver(scan);
      // The whole document, with the element looked up on each change: a view that is
      // re-created (another session selected, a remount) is still watched.
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      scan();
    },
    seenAll() { return Object.fromEntries(seen); },
    waitFor(key, timeoutMs) {
      return new Promise((resolve, reject) => {
        const start = Date.now();
        const tick = () => {
          scan();
          const v = seen.get(key);
          if (v) resolve(v);
          else if (Date.now() - start > timeoutMs) reject(new Error('not on screen within ' + timeoutMs + ' ms: ' + key));
          else setTimeout(tick, 25);
        };
        tick();
      });
    },
  };
})();`;

export interface Recording {
  frames: number[];
  longtasks: number[];
  ms: number;
}

interface BenchGlobal {
  __bench: {
    startRecording(): void;
    stopRecording(): Recording;
    watch(selector: string, pattern: string): void;
    seenAll(): Record<string, number>;
    waitFor(key: string, timeoutMs: number): Promise<number>;
  };
}
// Each callback below runs inside the page, so it reaches the instrument through `window` itself.

export async function newInstrumentedPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript({ content: INSTRUMENT });
  return context.newPage();
}

export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Watches the element matching the CSS `selector` for texts matching `pattern` (a regular expression source). */
export async function watch(page: Page, selector: string, pattern: string): Promise<void> {
  await page.evaluate(([sel, p]) => (window as unknown as BenchGlobal).__bench.watch(sel, p), [selector, pattern] as const);
}

/** Epoch ms (page clock) at which `text` first appeared in the watched element. */
export function waitForText(page: Page, text: string, timeoutMs: number): Promise<number> {
  return page.evaluate(([t, ms]) => (window as unknown as BenchGlobal).__bench.waitFor(t as string, ms as number), [text, timeoutMs] as const);
}

export function seenAll(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => (window as unknown as BenchGlobal).__bench.seenAll());
}

export async function startRecording(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as BenchGlobal).__bench.startRecording());
}

export function stopRecording(page: Page): Promise<Recording> {
  return page.evaluate(() => (window as unknown as BenchGlobal).__bench.stopRecording());
}

/**
 * The page's memory after a full GC: V8 heap, Blink's (DOM) heap and ArrayBuffer
 * backing stores, which hold xterm.js's buffer. Falls back to the V8 heap alone.
 */
export async function pageMemory(page: Page): Promise<{ total: number; jsHeap: number }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const u = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; embedderHeapUsedSize?: number; backingStorageSize?: number };
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const jsHeap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? u.usedSize;
    return { total: u.usedSize + (u.embedderHeapUsedSize ?? 0) + (u.backingStorageSize ?? 0), jsHeap };
  } finally {
    await cdp.detach().catch(() => {});
  }
}
