/** Reloading the page mid-session loses nothing: the core keeps every row, and the page reads them back. */
import { expect, test } from './helpers/test.ts';
import { allRowTexts, openUi, replyBox, rowCount, sendReply, sessionItems, transcript } from './helpers/ui.ts';

test.use({ viewport: { width: 1280, height: 1000 } });

test('a reload at a prompt and after the reply keeps every row, in order, and the prompt', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  const script = python.run('reload.py', [listenPort, 10]);
  await expect(page.locator('#reply-prompt')).toContainText('Continue?');
  const before = await allRowTexts(page);
  const countBefore = await rowCount(page);
  expect(before.filter((t) => t.startsWith('before '))).toEqual(Array.from({ length: 10 }, (_, i) => `before ${i}`));

  await page.reload();
  await expect(sessionItems(page)).toHaveCount(1);
  await expect(transcript(page)).toContainText('Continue?');
  // Still a prompt after the reload: shown by the box, which has focus.
  await expect(page.locator('#reply-prompt')).toContainText('Continue?');
  await expect(replyBox(page)).toBeFocused();
  expect(await rowCount(page)).toBe(countBefore);
  expect(await allRowTexts(page)).toEqual(before);

  await sendReply(page, 'go on');
  await script.waitForStdout('got: go on');
  await expect(page.locator('#reply-prompt')).toContainText('Quit?');
  const after = await allRowTexts(page);
  const countAfter = await rowCount(page);

  await page.reload();
  await expect(transcript(page)).toContainText('Quit?');
  expect(await rowCount(page)).toBe(countAfter);
  const reloaded = await allRowTexts(page);
  expect(reloaded).toEqual(after);
  const lines = reloaded.filter((t) => /^(before|after) \d+$|^go on$|\? $/.test(t));
  expect(lines).toEqual([
    ...Array.from({ length: 10 }, (_, i) => `before ${i}`),
    'Continue? ', 'go on',
    ...Array.from({ length: 10 }, (_, i) => `after ${i}`),
    'Quit? ',
  ]);
});

test('a reload while lines are streaming in loses none and repeats none', async ({ page, uiUrl, listenPort, python }) => {
  const total = 300;
  await openUi(page, uiUrl);
  const script = python.run('ticker.py', [listenPort, total]);
  await script.waitForStdout('halfway');
  await page.reload();
  await expect(sessionItems(page)).toHaveCount(1);
  await expect(page.locator('#reply-prompt')).toContainText('Done?', { timeout: 20_000 });
  await sendReply(page, 'yes');
  await expect(transcript(page)).toContainText('answer was yes');
  const rows = await allRowTexts(page);
  expect(rows).toHaveLength(await rowCount(page));
  expect(rows.filter((t) => t.startsWith('tick '))).toEqual(Array.from({ length: total }, (_, i) => `tick ${i}`));
  expect(rows.filter((t) => /^Done\? $|^yes$|^answer was yes$/.test(t))).toEqual(['Done? ', 'yes', 'answer was yes']);
  await script.exited;
});

test('a reload in the middle of a million-line flood: every row is there afterwards, first to last', async ({ page, uiUrl, listenPort, python }) => {
  test.setTimeout(120_000);
  const lines = 1_000_000;
  const line = (i: number) => `${String(i).padStart(7, '0')} the quick brown fox jumps over the lazy dog`;
  await openUi(page, uiUrl);
  const script = python.run('flood.py', [listenPort, lines]);
  await expect(page.locator('#reply-prompt')).toContainText('Start the flood?');
  const atPrompt = await rowCount(page);
  await replyBox(page).press('Enter');
  await expect.poll(() => rowCount(page)).toBeGreaterThan(1000);
  await page.reload();
  await script.waitForStdout(/flooded \d+ lines/);
  await expect(page.locator('#reply-prompt')).toBeHidden();
  // What was there at the prompt, the empty reply, the flood and 'flood done'.
  await expect.poll(() => rowCount(page), { timeout: 30_000 }).toBe(atPrompt + 1 + lines + 1);
  const log = transcript(page);
  await expect(log.locator('.row.out .text').filter({ hasText: /^flood done$/ })).toBeVisible();
  await expect(log.locator('.row.out .text').filter({ hasText: line(lines - 1) })).toBeVisible();
  const drawn = () => log.locator('.row.out .text').allTextContents();
  const tail = await drawn();
  const lastIndex = tail.indexOf(line(lines - 1));
  expect(tail.slice(0, lastIndex + 1)).toEqual(Array.from({ length: lastIndex + 1 }, (_, k) => line(lines - 1 - lastIndex + k)));
  await log.focus();
  await log.press('Home');
  await expect(log.locator('.row.out .text').filter({ hasText: line(0) })).toBeVisible();
  const head = (await drawn()).slice(1);
  expect(head.length).toBeGreaterThan(10);
  expect(head).toEqual(Array.from({ length: head.length }, (_, k) => line(k)));
});
