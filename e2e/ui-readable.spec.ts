/**
 * Readable output: wrapped and sideways-scrolled long rows (every character
 * reachable), text size, and the time column's modes, all remembered across a reload.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ROOT } from './fixtures/serve.ts';
import { takeLongTasks, traceCpu, watchLongTasks, type LongTask } from './helpers/long-tasks.ts';
import { expect, test } from './helpers/test.ts';
import { openUi, rowCount, rowTexts, transcript } from './helpers/ui.ts';

const wrapSwitch = (page: Page) => page.getByRole('switch', { name: 'Wrap lines' });

/** Whether the characters `needle` of some row are inside the transcript's viewport on screen. */
function onScreen(page: Page, needle: string): Promise<boolean> {
  return transcript(page).evaluate((log, text) => {
    const box = log.getBoundingClientRect();
    const walker = document.createTreeWalker(log, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.textContent?.indexOf(text) ?? -1;
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(n, at);
      range.setEnd(n, at + text.length);
      const r = range.getBoundingClientRect();
      if (r.width > 0 && r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom) return true;
    }
    return false;
  }, needle);
}

async function longRows(page: Page, uiUrl: string, listenPort: number, python: { run(s: string, a: Array<string | number>): { waitForStdout(m: string, t?: number): Promise<void> } }, rows = 6, extra = 0) {
  await openUi(page, uiUrl);
  const script = python.run('long_rows.py', [listenPort, rows, extra]);
  await script.waitForStdout('written', 60_000);
  await expect(transcript(page)).toContainText('long rows done', { timeout: 30_000 });
}

test('wrap off: a 10,000-character row is drawn whole and its end is reached by scrolling sideways', async ({ page, uiUrl, listenPort, python }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await longRows(page, uiUrl, listenPort, python);
  await expect(wrapSwitch(page)).toHaveAttribute('aria-checked', 'false');
  await expect(wrapSwitch(page)).toHaveAttribute('title', /Wrap lines \(Alt\+Z\)/);
  const texts = await rowTexts(page, 'out');
  const last = texts.find((t) => t.includes('"END5"'))!;
  expect(last.length).toBeGreaterThan(10_000);
  expect(last.endsWith('"tail": "END5"}')).toBe(true);
  // One line per row, however long.
  const h = await transcript(page).locator('.row.out').first().evaluate((el) => el.getBoundingClientRect().height);
  expect(h).toBe(20);
  expect(await onScreen(page, '"END5"')).toBe(false);
  // Sideways from the keyboard and with Shift+wheel too.
  const scrollLeft = () => transcript(page).evaluate((el) => el.scrollLeft);
  await transcript(page).focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(scrollLeft).toBeGreaterThan(0);
  const box = (await transcript(page).boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const before = await scrollLeft();
  await page.keyboard.down('Shift');
  await page.mouse.wheel(0, 500);
  await page.keyboard.up('Shift');
  await expect.poll(scrollLeft).toBeGreaterThan(before);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 40 && !(await onScreen(page, '"END5"')); i++) await page.mouse.wheel(4000, 0);
  expect(await onScreen(page, '"END5"')).toBe(true);
  // Find reaches a match far along a row and scrolls it into view.
  await transcript(page).focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('Control+f');
  await page.getByRole('searchbox', { name: 'Find' }).fill('END2"');
  await page.getByRole('searchbox', { name: 'Find' }).press('Enter');
  await expect(transcript(page).locator('mark')).toHaveText(['END2"']);
  await expect.poll(() => onScreen(page, 'END2"')).toBe(true);
});

test('wrap on: long rows take as many lines as they need, every end is reached, and the choice survives a reload', async ({ page, uiUrl, listenPort, python }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await longRows(page, uiUrl, listenPort, python);
  await page.keyboard.press('Alt+z');
  await expect(wrapSwitch(page)).toHaveAttribute('aria-checked', 'true');
  const log = transcript(page);
  // At the tail: the last long row ends just above the closing line.
  await expect.poll(() => onScreen(page, '"END5"')).toBe(true);
  await expect.poll(() => onScreen(page, 'long rows done')).toBe(true);
  const tall = await log.locator('.row.out').filter({ hasText: 'END5' }).evaluate((el) => el.getBoundingClientRect().height);
  expect(tall).toBeGreaterThan(20 * 40);
  // From the top, paging down reaches the end of the first long row, then every other one.
  await log.focus();
  await page.keyboard.press('Home');
  await expect.poll(() => onScreen(page, 'first short line')).toBe(true);
  for (const end of ['"END0"', '"END1"', '"END2"']) {
    for (let i = 0; i < 30 && !(await onScreen(page, end)); i++) await page.keyboard.press('PageDown');
    expect(await onScreen(page, end), end).toBe(true);
  }
  // The wheel moves by pixels within a tall row, and back up to the first row.
  const box = (await log.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 60 && !(await onScreen(page, 'first short line')); i++) await page.mouse.wheel(0, -600);
  expect(await onScreen(page, 'first short line')).toBe(true);

  await page.reload();
  await expect(wrapSwitch(page)).toHaveAttribute('aria-checked', 'true');
  await wrapSwitch(page).click();
  await expect(wrapSwitch(page)).toHaveAttribute('aria-checked', 'false');
  await page.reload();
  await expect(wrapSwitch(page)).toHaveAttribute('aria-checked', 'false');
});

test('text size: Ctrl + / Ctrl − / Ctrl 0 and the buttons change it and the row height, remembered', async ({ page, uiUrl, listenPort, python }) => {
  await longRows(page, uiUrl, listenPort, python, 2);
  const reset = page.getByRole('button', { name: 'Reset text size' });
  const rowHeight = () => transcript(page).locator('.row.out').first().evaluate((el) => el.getBoundingClientRect().height);
  await expect(reset).toHaveText('13px');
  await expect(page.getByRole('button', { name: 'Larger text' })).toHaveAttribute('title', 'Larger text (Ctrl++)');
  await transcript(page).focus();
  await page.keyboard.press('Control+Equal');
  await page.keyboard.press('Control+NumpadAdd');
  await expect(reset).toHaveText('15px');
  expect(await rowHeight()).toBe(23);
  await page.keyboard.press('Control+Minus');
  await expect(reset).toHaveText('14px');
  expect(await rowHeight()).toBe(21);
  await page.reload();
  await expect(reset).toHaveText('14px');
  await expect(transcript(page)).toContainText('long rows done');
  expect(await rowHeight()).toBe(21);
  await page.keyboard.press('Control+0');
  await expect(reset).toHaveText('13px');
  expect(await rowHeight()).toBe(20);
  await page.getByRole('button', { name: 'Smaller text' }).click();
  await expect(reset).toHaveText('12px');
  await reset.click();
  await expect(reset).toHaveText('13px');
});

test('the time column shows clock time, time since the start, or since the row before, remembered', async ({ page, uiUrl, listenPort, python }) => {
  await longRows(page, uiUrl, listenPort, python, 2);
  const times = () => transcript(page).locator('.row .time').allTextContents();
  await page.getByRole('checkbox', { name: 'Timestamps' }).check();
  const mode = page.getByRole('combobox', { name: 'Time column' });
  await expect(mode).toHaveValue('absolute');
  expect((await times())[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
  await mode.selectOption({ label: 'Since start' });
  await expect.poll(async () => (await times()).every((t) => /^\+\d\d:\d\d\.\d{3}$/.test(t))).toBe(true);
  await mode.selectOption({ label: 'Since previous' });
  await expect.poll(async () => (await times())[0]).toBe('+00:00.000');
  expect((await times()).slice(1).every((t) => /^\+\d\d:\d\d\.\d{3}$/.test(t))).toBe(true);
  await page.reload();
  // The column itself is remembered too, with its mode.
  await expect(page.getByRole('checkbox', { name: 'Timestamps' })).toBeChecked();
  await expect(mode).toHaveValue('delta');
});

test('wrap on, 100,000 rows after tall ones: End, Home and the scrollbar reach the last, first and middle rows', async ({ page, uiUrl, listenPort, python }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await longRows(page, uiUrl, listenPort, python, 20, 100_000);
  expect(await rowCount(page)).toBeGreaterThanOrEqual(100_022);
  await wrapSwitch(page).click();
  const log = transcript(page);
  await log.focus();
  await page.keyboard.press('Home');
  await expect.poll(() => onScreen(page, 'first short line')).toBe(true);
  await page.keyboard.press('End');
  await expect.poll(() => onScreen(page, 'long rows done')).toBe(true);
  await expect.poll(() => onScreen(page, '0099999 short')).toBe(true);
  await page.keyboard.press('Home');
  await expect.poll(() => onScreen(page, 'first short line')).toBe(true);
  const bar = page.getByRole('scrollbar', { name: 'Transcript position' });
  const thumb = (await bar.locator('.thumb').boundingBox())!;
  const track = (await bar.boundingBox())!;
  await page.mouse.move(thumb.x + thumb.width / 2, thumb.y + thumb.height / 2);
  await page.mouse.down();
  await page.mouse.move(thumb.x + thumb.width / 2, track.y + track.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => {
    const first = (await rowTexts(page, 'out')).map((t) => /^(\d{7}) short/.exec(t)).find((m) => m);
    return first ? Math.abs(Number(first[1]) - 50_000) < 3_000 : false;
  }).toBe(true);
  expect(await page.locator('.row').count()).toBeLessThan(100);
  await log.focus();
  await page.keyboard.press('Control+End');
  await expect.poll(() => onScreen(page, 'long rows done')).toBe(true);
});

test('a row over 16,384 characters offers the rest on request; find and Copy reach all of it, wrapped or not', async ({ page, context, uiUrl, listenPort, python }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.setViewportSize({ width: 1280, height: 800 });
  await openUi(page, uiUrl);
  const script = python.run('long_rows.py', [listenPort, 1, 0, 60_000]);
  await script.waitForStdout('written', 60_000);
  await expect(transcript(page)).toContainText('long rows done');
  const big = transcript(page).locator('.row.out').filter({ hasText: 'big:000000000 ' });
  const more = big.getByRole('button', { name: 'Show the whole row' });
  await expect(more).toHaveAttribute('title', 'Show the whole row (60,000 characters)');
  expect((await big.locator('.text').textContent())!.length).toBe(16_384);
  // Copy takes the whole row, drawn in part or not.
  await big.locator('.gutter').click();
  await page.getByRole('button', { name: 'Copy 1 row' }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toMatch(/^big:0{9} .*BIGEND$/);
  expect((await page.evaluate(() => navigator.clipboard.readText())).length).toBe(60_000);
  await more.click();
  await expect(more).toHaveCount(0);
  await expect(big.locator('.text')).toHaveText(/BIGEND$/);
  const box = (await transcript(page).boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 200 && !(await onScreen(page, 'BIGEND')); i++) await page.mouse.wheel(20_000, 0);
  expect(await onScreen(page, 'BIGEND')).toBe(true);

  // Wrapped, after a reload (nothing asked for whole): find shows a match past the fold.
  await page.reload();
  await expect(transcript(page)).toContainText('long rows done');
  await wrapSwitch(page).click();
  await expect(big.getByRole('button', { name: 'Show the whole row' })).toBeVisible();
  await transcript(page).focus();
  await page.keyboard.press('Control+f');
  const find = page.getByRole('searchbox', { name: 'Find' });
  await find.fill('000005990');
  await find.press('Enter');
  await expect(transcript(page).locator('mark')).toHaveText(['000005990']);
  await expect.poll(() => onScreen(page, '000005990')).toBe(true);
  // A wrapped 10,000-character row copies whole too.
  await page.keyboard.press('Escape');
  await transcript(page).focus();
  await page.keyboard.press('Home');
  const json = transcript(page).locator('.row.out').filter({ hasText: '{"row": 0, ' });
  await json.locator('.gutter').click();
  await page.getByRole('button', { name: 'Copy 1 row' }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toMatch(/^\{"row": 0, .*"tail": "END0"\}$/);
});

for (const [mode, size] of [['sgr', 400], ['nul', 20]] as const) {
  test(`wrap on, costly rows (${mode}): no task of the window's own over 50 ms while paging, wheeling and dragging`, async ({ page, browser, uiUrl, listenPort, python }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1280, height: 800 });
    await watchLongTasks(page);
    await page.addInitScript(() => localStorage.setItem('porthole.view', JSON.stringify({ wrap: true })));
    await openUi(page, uiUrl);
    await takeLongTasks(page);
    const log = transcript(page);
    const seen: LongTask[] = [];
    const trace = await traceCpu(browser, page, async () => {
      const script = python.run('hostile_render.py', [listenPort, mode, size]);
      await script.waitForStdout('sent', 120_000);
      await expect(log).toContainText('hostile render done', { timeout: 60_000 });
      await expect(wrapSwitch(page)).toHaveAttribute('aria-checked', 'true');
      await log.focus();
      await page.keyboard.press('Control+Home');
      await expect.poll(() => onScreen(page, 'hostile render start')).toBe(true);
      for (let i = 0; i < 8; i++) await page.keyboard.press('PageDown');
      const box = (await log.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      for (let i = 0; i < 8; i++) await page.mouse.wheel(0, 1500);
      const bar = page.getByRole('scrollbar', { name: 'Transcript position' });
      const track = (await bar.boundingBox())!;
      const thumb = (await bar.locator('.thumb').boundingBox())!;
      await page.mouse.move(thumb.x + thumb.width / 2, thumb.y + thumb.height / 2);
      await page.mouse.down();
      await page.mouse.move(thumb.x + thumb.width / 2, track.y + track.height * 0.6, { steps: 8 });
      await page.mouse.up();
      await log.focus();
      await page.keyboard.press('Control+End');
      await expect.poll(() => onScreen(page, 'hostile render done')).toBe(true);
      seen.push(...(await takeLongTasks(page)));
    });
    const faults = seen.map((t) => ({ ...t, cpu: trace.cpuOf(t) })).filter((t) => t.cpu === undefined || t.cpu > 50);
    console.log(`wrap on, ${mode}: ${seen.length} task(s) over 50 ms of wall time, CPU ${seen.map((t) => trace.cpuOf(t) ?? '?').join('/') || '-'} ms`);
    expect(faults, 'tasks whose own work exceeded 50 ms').toEqual([]);
  });
}

for (const [w, h] of [[1280, 800], [700, 600]] as const) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`screenshots ${w}×${h} ${scheme}: wrap on and off`, async ({ page, uiUrl, listenPort, python }) => {
      await page.setViewportSize({ width: w, height: h });
      await page.emulateMedia({ colorScheme: scheme });
      await longRows(page, uiUrl, listenPort, python, 3);
      await page.getByRole('checkbox', { name: 'Timestamps' }).check();
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.screenshot({ path: join(ROOT, 'test-results', 'readable', `wrap-off-${w}x${h}-${scheme}.png`) });
      const box = (await transcript(page).boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(3000, 0);
      await expect.poll(() => transcript(page).evaluate((el) => el.scrollLeft)).toBeGreaterThan(1000);
      await page.screenshot({ path: join(ROOT, 'test-results', 'readable', `wrap-off-sideways-${w}x${h}-${scheme}.png`) });
      await wrapSwitch(page).click();
      await expect.poll(() => onScreen(page, 'long rows done')).toBe(true);
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.screenshot({ path: join(ROOT, 'test-results', 'readable', `wrap-on-${w}x${h}-${scheme}.png`) });
    });
  }
}

test('screenshot 1280×800 dark: large text, wrapped, with times since the previous row', async ({ page, uiUrl, listenPort, python }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await longRows(page, uiUrl, listenPort, python, 3);
  await wrapSwitch(page).click();
  await page.getByRole('checkbox', { name: 'Timestamps' }).check();
  await page.getByRole('combobox', { name: 'Time column' }).selectOption({ label: 'Since previous' });
  await transcript(page).focus();
  for (let i = 0; i < 6; i++) await page.keyboard.press('Control+Equal');
  await expect(page.getByRole('button', { name: 'Reset text size' })).toHaveText('19px');
  await page.keyboard.press('Home');
  await expect.poll(() => onScreen(page, 'first short line')).toBe(true);
  expect(await transcript(page).locator('.row.out').first().evaluate((el) => el.getBoundingClientRect().height)).toBe(29);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: join(ROOT, 'test-results', 'readable', 'wrap-on-large-1280x800-dark.png') });
});

test('docs/wrap.png', async ({ page, uiUrl, listenPort, python }) => {
  test.skip(!process.env.PORTHOLE_SCREENSHOTS, 'writes docs/wrap.png only when PORTHOLE_SCREENSHOTS=1');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
  await longRows(page, uiUrl, listenPort, python, 3);
  await wrapSwitch(page).click();
  await page.getByRole('checkbox', { name: 'Timestamps' }).check();
  await page.getByRole('combobox', { name: 'Time column' }).selectOption({ label: 'Since start' });
  await transcript(page).focus();
  await page.keyboard.press('Home');
  await expect.poll(() => onScreen(page, 'first short line')).toBe(true);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: join(ROOT, 'docs', 'wrap.png') });
});
