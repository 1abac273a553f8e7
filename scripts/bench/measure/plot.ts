/**
 * The plot of a large session: a script prints `i=… v=…` rows as fast as it can; then,
 * with the session on screen, the plot is opened and timed until every row is read and
 * the full range drawn; the full-range plot is timed again once read (a new x axis);
 * the view is panned while main-thread tasks are recorded; and the page's memory is
 * compared with the plot open and without it.
 */
import { spawn } from 'node:child_process';
import type { Page } from 'playwright-core';
import type { App } from '../lib/app.ts';
import { pageMemory, startRecording, stopRecording } from '../lib/browser.ts';
import { track } from '../lib/proc.ts';
import { max } from '../lib/stats.ts';
import { showSession } from './render.ts';

export interface PlotResult {
  rows: number;
  /** From opening the panel to the full range drawn (from the preview while the rows are still being read). */
  firstShownMs: number;
  /** From opening the panel to every row read and the full range drawn. */
  firstPlotMs: number;
  /** Once read: from asking for another x axis to the full range drawn. */
  fullRangeMs: number;
  panLongestTaskMs: number;
  panLongTasks: number;
  /** Page memory with the plot open, less the same page without it (after a full GC each). */
  memoryDelta: number;
}

/** Writes `rows` lines `i=N v=…` to the port as fast as the socket takes them; prints its local port, then "done". */
const PRODUCER = `
const net = require('node:net');
const [port, rows] = process.argv.slice(1).map(Number);
const sock = net.connect(port, '127.0.0.1', () => {
  console.log(sock.localPort);
  let i = 0;
  const pump = () => {
    while (i < rows) {
      let s = '';
      for (let k = 0; k < 2000 && i < rows; k++, i++) s += 'i=' + i + ' v=' + (Math.sin(i / 5e4) * 100 + (i % 97)).toFixed(3) + '\\n';
      if (!sock.write(s)) return void sock.once('drain', pump);
    }
    sock.end(() => console.log('done'));
  };
  pump();
});
`;

function produce(port: number, rows: number): Promise<{ localPort: number; done: Promise<void> }> {
  const child = track(spawn(process.execPath, ['-e', PRODUCER, String(port), String(rows)], { stdio: ['ignore', 'pipe', 'inherit'] }));
  return new Promise((resolve, reject) => {
    let out = '';
    let resolveDone: () => void;
    const done = new Promise<void>((r) => (resolveDone = r));
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      const lines = out.split('\n');
      if (lines.length > 1 && /^\d+$/.test(lines[0])) resolve({ localPort: Number(lines[0]), done });
      if (lines.includes('done')) resolveDone();
    });
    child.on('exit', (code) => (code ? reject(new Error(`the producer exited with ${code}`)) : resolveDone()));
  });
}

/** The x range of the whole session in row mode: row 1 is the "connected" note, the numbers are on rows 2 to rows + 1. */
const fullRange = (rows: number) => `rows 2–${(rows + 1).toLocaleString('en-US')}`;

export async function measurePlot(page: Page, app: App, rows: number, timeoutMs: number): Promise<PlotResult> {
  const p = await produce(app.port, rows);
  await p.done;
  await showSession(page, p.localPort);
  // Every row received (the count above the transcript counts the notes too).
  await page.waitForFunction((n) => Number(document.querySelector('.row-count')?.textContent?.replace(/\D/g, '')) >= n, rows, { timeout: timeoutMs });
  const without = await pageMemory(page);

  const plot = page.getByRole('region', { name: 'Plot' });
  const range = plot.locator('.plot-range');
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Plot' }).click();
  await plot.getByRole('button', { name: 'Row' }).click();
  await range.filter({ hasText: fullRange(rows) }).waitFor({ timeout: timeoutMs });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const firstShownMs = Date.now() - t0;
  await plot.getByRole('status').filter({ hasText: 'Reading numbers' }).waitFor({ state: 'detached', timeout: timeoutMs }).catch(() => {});
  const firstPlotMs = Date.now() - t0;

  const t1 = Date.now();
  await plot.getByRole('button', { name: 'Time' }).click();
  await plot.getByRole('button', { name: 'Row' }).click();
  await range.filter({ hasText: fullRange(rows) }).waitFor({ timeout: timeoutMs });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const fullRangeMs = Date.now() - t1;

  // Pan: zoom to a tenth, then drag sideways in steps, each drawn before the next.
  const over = plot.locator('.u-over');
  const box = (await over.boundingBox())!;
  await startRecording(page);
  await page.mouse.move(box.x + box.width * 0.45, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.55, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  await page.keyboard.down('Shift');
  for (let k = 0; k < 3; k++) {
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2, { steps: 20 });
    await page.mouse.up();
  }
  await page.keyboard.up('Shift');
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  const rec = await stopRecording(page);
  const withPlot = await pageMemory(page);
  return {
    rows,
    firstShownMs,
    firstPlotMs,
    fullRangeMs,
    panLongestTaskMs: rec.longtasks.length ? max(rec.longtasks) : 0,
    panLongTasks: rec.longtasks.length,
    memoryDelta: withPlot.total - without.total,
  };
}
