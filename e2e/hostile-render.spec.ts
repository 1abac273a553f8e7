/**
 * Output that is costly to draw never blocks the window: colour-code bombs, floods of
 * NUL bytes, a 10 MB line and long carriage-return progress lines make no main-thread
 * task over 50 ms while they stream in and while the person jumps to the top, scrolls
 * through them and returns to the end.
 *
 * Tasks are observed with the Long Tasks API. Each one it reports is looked up in a
 * Chromium trace for the main thread's CPU time: the window is at fault when its own
 * work in a task exceeds 50 ms; a task that lasted longer only because the machine's
 * cores were busy with other processes is reported, not failed.
 */
import type { Page } from '@playwright/test';
import { longest, takeLongTasks, traceCpu, watchLongTasks, type LongTask } from './helpers/long-tasks.ts';
import type { PythonClient } from './helpers/python.ts';
import { expect, test } from './helpers/test.ts';
import { openUi, rowCount, transcript } from './helpers/ui.ts';

const LIMIT_MS = 50;

test.use({ viewport: { width: 1280, height: 800 } });

test.beforeEach(async ({ page }) => {
  await watchLongTasks(page);
});

const rowsOut = (page: Page) => transcript(page).locator('.row.out .text');
const doneRow = (page: Page) => rowsOut(page).filter({ hasText: /^hostile render done$/ });

/** Waits until every row on screen is drawn (none is still a placeholder). */
async function settled(page: Page): Promise<void> {
  await expect(transcript(page).locator('.row.loading')).toHaveCount(0);
  await expect(transcript(page).locator('.row[data-index]').first()).toBeVisible();
}

/** Streams the script's output, then jumps to the top, pages, wheels, drags the scrollbar and returns to the end. */
async function streamAndBrowse(page: Page, start: () => PythonClient): Promise<Record<string, LongTask[]>> {
  const seen: Record<string, LongTask[]> = {};
  const script = start();
  await script.waitForStdout('sent', 120_000);
  await expect(doneRow(page)).toBeVisible({ timeout: 60_000 });
  await settled(page);
  seen.streaming = await takeLongTasks(page);

  const log = transcript(page);
  await log.focus();
  await page.keyboard.press('Control+Home');
  await expect(rowsOut(page).first()).toContainText('hostile render start');
  await expect(log.locator('.row[data-index="0"]')).toBeVisible();
  await settled(page);
  seen['jumping to the top'] = await takeLongTasks(page);

  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('PageDown');
    await settled(page);
  }
  const box = (await log.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 5; i++) {
    await page.mouse.wheel(0, 1200);
    await settled(page);
  }
  seen.scrolling = await takeLongTasks(page);

  const bar = page.getByRole('scrollbar', { name: 'Transcript position' });
  const track = (await bar.boundingBox())!;
  const thumb = (await bar.locator('.thumb').boundingBox())!;
  const x = thumb.x + thumb.width / 2;
  await page.mouse.move(x, thumb.y + thumb.height / 2);
  await page.mouse.down();
  await page.mouse.move(x, track.y + track.height / 2, { steps: 8 });
  await page.mouse.move(x, track.y - 20, { steps: 8 });
  await page.mouse.move(x, track.y + track.height * 0.7, { steps: 8 });
  await page.mouse.up();
  await settled(page);
  seen['dragging the scrollbar'] = await takeLongTasks(page);

  await log.focus();
  await page.keyboard.press('Control+End');
  await expect(doneRow(page)).toBeVisible();
  await settled(page);
  seen['jumping to the end'] = await takeLongTasks(page);
  return seen;
}

/** Streams and browses under a trace; fails on any task whose own work exceeded the limit. */
async function measure(page: Page, browser: import('@playwright/test').Browser, start: () => PythonClient): Promise<void> {
  // Loading the page itself (compiling the bundle) is not what is measured here.
  await takeLongTasks(page);
  let seen: Record<string, LongTask[]> = {};
  const trace = await traceCpu(browser, page, async () => {
    seen = await streamAndBrowse(page, start);
  });
  const lines: string[] = [];
  const faults: string[] = [];
  for (const [phase, tasks] of Object.entries(seen)) {
    for (const t of tasks) t.cpu = trace.cpuOf(t);
    const over = tasks.filter((t) => t.cpu === undefined || t.cpu > LIMIT_MS);
    lines.push(`${phase}: ${tasks.length} task(s) over ${LIMIT_MS} ms of wall time (longest ${longest(tasks)} ms)${tasks.length ? `, CPU ${tasks.map((t) => t.cpu ?? '?').join('/')} ms` : ''}`);
    for (const t of over) faults.push(`${phase}: a task of ${t.duration} ms, ${t.cpu ?? 'unknown'} ms of it main-thread work`);
  }
  // Tasks the Long Tasks API does not report (the test's own probes of the page) are in this figure too.
  lines.push(`longest main-thread CPU time of any task: ${trace.longestCpu.toFixed(1)} ms`);
  const text = lines.join('; ');
  test.info().annotations.push({ type: 'long tasks', description: text });
  console.log(`${test.info().title}: ${text}`);
  expect(faults, 'tasks whose own work exceeded 50 ms').toEqual([]);
}

test('colour-code bombs: rows of thousands of SGR sequences', async ({ page, browser, uiUrl, listenPort, python }) => {
  test.setTimeout(180_000);
  await openUi(page, uiUrl);
  await measure(page, browser, () => python.run('hostile_render.py', [listenPort, 'sgr', 2000]));
  // Colours are still drawn, up to a bound per row.
  await transcript(page).press('Control+Home');
  const spans = transcript(page).locator('.row.out').nth(1).locator('.text > span');
  await expect.poll(() => spans.count()).toBeGreaterThan(100);
  expect(await spans.count()).toBeLessThanOrEqual(128);
  await expect(spans.first()).toHaveAttribute('style', /color/);
});

test('100 MB of NUL bytes', async ({ page, browser, uiUrl, listenPort, python }) => {
  test.setTimeout(240_000);
  await openUi(page, uiUrl);
  await measure(page, browser, () => python.run('hostile_render.py', [listenPort, 'nul', 100]));
  // The core splits the flood into 64 KiB rows, drawn as the visible symbol for NUL (the first 16,384 until the whole row is asked for).
  expect(await rowCount(page)).toBeGreaterThan(1600);
  await transcript(page).press('Control+Home');
  await expect(rowsOut(page).nth(1)).toHaveText(/^\u2400{16384}$/);
});

test('a 10 MB line without a newline', async ({ page, browser, uiUrl, listenPort, python }) => {
  test.setTimeout(180_000);
  await openUi(page, uiUrl);
  await measure(page, browser, () => python.run('hostile_render.py', [listenPort, 'line', 10]));
  expect(await rowCount(page)).toBeGreaterThan(160);
});

test('long carriage-return progress lines show their final state', async ({ page, browser, uiUrl, listenPort, python }) => {
  test.setTimeout(180_000);
  await openUi(page, uiUrl);
  await measure(page, browser, () => python.run('hostile_render.py', [listenPort, 'progress', 3000]));
  // The long one was split into rows of 64 KiB; its last row ends in its final state.
  const texts = () => rowsOut(page).allTextContents();
  expect(await texts()).toContain('long progress   60000 of 60000');
  // The one that fits a row (51 KB of redraws) shows only its last.
  await transcript(page).press('Control+Home');
  await expect(rowsOut(page).nth(1)).toHaveText('progress 100.00%');
  expect((await texts()).some((t) => t.includes('\r') || t.includes('\u240d'))).toBe(false);
});
