/**
 * Main-thread tasks over 50 ms, as the browser's Long Tasks API reports them, each with
 * the CPU time the page's main thread spent in it (from a Chromium trace).
 *
 * A task's duration is wall time: on a machine whose cores are shared with other work,
 * a task of 15 ms of the page's own work can last 60 ms because the thread was waiting
 * for a core. The CPU time tells the two apart: the page is at fault when a task's own
 * work exceeds the limit, not when the machine was busy.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type Browser, type Page } from '@playwright/test';

export interface LongTask {
  /** performance.now() of the task's start. */
  start: number;
  /** Wall time, ms. */
  duration: number;
  /** Main-thread CPU time of the task, ms (undefined when the trace has no such task). */
  cpu?: number;
}

declare global {
  interface Window {
    __longTasks?: LongTask[];
  }
}

/** Installs the observer before the page's own scripts run. */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks!.push({ start: e.startTime, duration: Math.round(e.duration) });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The long tasks since the last call (the observer reports them shortly after they end). */
export async function takeLongTasks(page: Page): Promise<LongTask[]> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
  return page.evaluate(() => window.__longTasks!.splice(0));
}

export const longest = (tasks: LongTask[]): number => Math.max(0, ...tasks.map((t) => t.duration));

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { message?: string } };
}

const MARK = 'porthole-long-task-clock';

/**
 * Traces the browser while `run` goes on; afterwards `cpuOf` gives the main-thread CPU
 * time of a long task the observer reported during that time.
 */
export async function traceCpu(browser: Browser, page: Page, run: () => Promise<void>): Promise<{
  cpuOf(task: LongTask): number | undefined;
  /** The most CPU time the main thread spent in one task, the test's own probes of the page included. */
  longestCpu: number;
}> {
  await browser.startTracing(page, { categories: ['disabled-by-default-devtools.timeline', 'devtools.timeline'] });
  // One instant on both clocks: the trace's (microseconds) and the page's performance.now().
  const markedAt = await page.evaluate((label) => {
    const now = performance.now();
    console.timeStamp(label);
    return now;
  }, MARK);
  let buf: Buffer;
  try {
    await run();
  } finally {
    buf = await browser.stopTracing();
  }
  // PORTHOLE_TRACE_DIR=dir keeps the trace for chrome://tracing or the DevTools performance panel.
  if (process.env.PORTHOLE_TRACE_DIR) writeFileSync(join(process.env.PORTHOLE_TRACE_DIR, `${test.info().title.replace(/\W+/g, '-')}.json`), buf);
  const events = (JSON.parse(buf.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  const mark = events.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === MARK);
  if (!mark) throw new Error('the trace holds no clock mark');
  // The page's main thread: the renderer thread that marked the clock.
  const onThread = events.filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === 'X');
  const tasks = onThread.filter((e) => e.name === 'RunTask');
  const toPageMs = (ts: number) => (ts - mark.ts) / 1000 + markedAt;
  const longestCpu = Math.max(0, ...tasks.map((t) => (t.tdur ?? 0) / 1000));
  return {
    longestCpu,
    cpuOf(task) {
      // The trace task that covers the long task's middle.
      const mid = task.start + task.duration / 2;
      const hit = tasks.find((t) => toPageMs(t.ts) <= mid && toPageMs(t.ts + (t.dur ?? 0)) >= mid);
      return hit ? Math.round((hit.tdur ?? 0) / 1000) : undefined;
    },
  };
}
