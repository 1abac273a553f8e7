/** The transcript: following the tail, its own scrollbar at large sizes, find, timestamps, copy. */
import type { Page } from '@playwright/test';
import { expect, test } from './helpers/test.ts';
import { openUi, rowCount, rowTexts, sendReply, transcript } from './helpers/ui.ts';

/** Line numbers of the numbered.py rows drawn now. */
async function drawnNumbers(page: Page): Promise<number[]> {
  const texts = await rowTexts(page, 'out');
  return texts.map((t) => /^(\d{7}) /.exec(t)).filter((m) => m !== null).map((m) => Number(m![1]));
}

test('scrolled up, the view stays put and offers the new lines; the button jumps back to the tail', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  const script = python.run('ticker.py', [listenPort, 400]);
  await script.waitForStdout('halfway');
  await expect.poll(() => rowCount(page)).toBeGreaterThan(60);
  await transcript(page).hover();
  await page.mouse.wheel(0, -2000);
  const first = (await rowTexts(page, 'out'))[0];
  expect(first).toMatch(/^tick \d+$/);
  const jump = page.getByRole('button', { name: /new lines?/ });
  await expect(jump).toBeVisible();
  await page.waitForTimeout(300);
  expect((await rowTexts(page, 'out'))[0]).toBe(first);
  expect(Number((await jump.textContent())!.replace(/[^0-9]/g, ''))).toBeGreaterThan(0);
  await jump.click();
  await expect(jump).toBeHidden();
  await expect(transcript(page)).toContainText('Done?');
  await sendReply(page, 'yes');
  await expect(transcript(page)).toContainText('answer was yes');
});

test('200,000 rows: Home, End, PageUp and the scrollbar reach every part with a small DOM', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  const script = python.run('numbered.py', [listenPort, 200_000]);
  await script.waitForStdout('written', 60_000);
  await expect(transcript(page)).toContainText('numbered done');
  expect(await rowCount(page)).toBeGreaterThanOrEqual(200_001);
  const log = transcript(page);
  await log.focus();
  await page.keyboard.press('Home');
  await expect.poll(() => drawnNumbers(page)).toContain(0);
  await page.keyboard.press('PageDown');
  await expect.poll(async () => Math.min(...(await drawnNumbers(page)))).toBeGreaterThan(5);
  // Drag the thumb to the middle of the track.
  const bar = page.getByRole('scrollbar', { name: 'Transcript position' });
  const thumb = bar.locator('.thumb');
  const barBox = (await bar.boundingBox())!;
  const thumbBox = (await thumb.boundingBox())!;
  await page.mouse.move(thumbBox.x + thumbBox.width / 2, thumbBox.y + thumbBox.height / 2);
  await page.mouse.down();
  await page.mouse.move(thumbBox.x + thumbBox.width / 2, barBox.y + barBox.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => {
    const n = await drawnNumbers(page);
    return n.length > 0 && Math.abs(n[0] - 100_000) < 5_000;
  }).toBe(true);
  expect(await page.locator('.row').count()).toBeLessThan(100);
  await log.focus();
  await page.keyboard.press('End');
  await expect.poll(() => drawnNumbers(page)).toContain(199_999);
});

test('find counts matches over the whole session, moves to them and marks them', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  const script = python.run('numbered.py', [listenPort, 50_000]);
  await script.waitForStdout('written', 60_000);
  await expect(transcript(page)).toContainText('numbered done');
  await transcript(page).focus();
  await page.keyboard.press('Control+f');
  const find = page.getByRole('searchbox', { name: 'Find' });
  await expect(find).toBeFocused();
  await find.fill('lazy');
  await expect(page.locator('.find-status')).toHaveText('50,000 matches');
  await find.fill('0031337');
  await expect(page.locator('.find-status')).toHaveText('1 match');
  await find.press('Enter');
  await expect(page.locator('.find-status')).toHaveText('1 of 1');
  await expect(transcript(page).locator('mark')).toHaveText(['0031337']);
  await expect.poll(() => drawnNumbers(page)).toContain(31_337);
  await find.press('Escape');
  await expect(find).toBeHidden();
  await expect(transcript(page).locator('mark')).toHaveCount(0);
});

test('timestamps toggle, and Copy puts the selected rows on the clipboard as plain text', async ({ page, context, uiUrl, listenPort, python }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openUi(page, uiUrl);
  python.run('dialog.py', [1, listenPort, 5]);
  await expect.poll(() => rowTexts(page, 'out')).toEqual(['client: 0', 'client: 1', 'client: 2', 'client: 3', 'client: 4']);
  await expect(transcript(page).locator('.time')).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Timestamps' }).check();
  await expect(transcript(page).locator('.row.out .time').first()).toHaveText(/^\d\d:\d\d:\d\d\.\d{3}$/);
  const rows = transcript(page).locator('.row.out');
  await rows.nth(1).locator('.gutter').click();
  await rows.nth(3).locator('.gutter').click({ modifiers: ['Shift'] });
  await page.getByRole('button', { name: 'Copy 3 rows' }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('client: 1\nclient: 2\nclient: 3');
  // From the keyboard: Shift+↓ moves the selection's end, Ctrl+C copies it.
  await transcript(page).focus();
  await page.keyboard.press('Shift+ArrowDown');
  await expect(page.getByRole('button', { name: 'Copy 4 rows' })).toBeVisible();
  await page.keyboard.press('Control+c');
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('client: 1\nclient: 2\nclient: 3\nclient: 4');
});
