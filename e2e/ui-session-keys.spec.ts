/**
 * Switching sessions from the keyboard: Ctrl+1…9 and Ctrl+PageUp/PageDown from anywhere,
 * the list as one Tab stop moved through with the arrow keys, Delete removing a finished
 * session; the draft and line ending of each session kept across the switches.
 */
import { expect, test } from './helpers/test.ts';
import { openUi, replyBox, sessionItems, transcript } from './helpers/ui.ts';

test('Ctrl+1…9, Ctrl+PageUp/PageDown and the arrow keys switch sessions; the list is one Tab stop', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  for (const word of ['alpha', 'bravo', 'charlie']) {
    expect(await python.run('say_and_exit.py', [listenPort, word]).exited).toBe(0);
    await expect(transcript(page)).toContainText(word);
  }
  await expect(sessionItems(page)).toHaveCount(3);
  const words = ['alpha', 'bravo', 'charlie'];
  // The list's order, as shown.
  const shown = async () => {
    const t = await transcript(page).innerText();
    return words.find((w) => t.includes(w));
  };
  const listed: string[] = [];
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press(`Control+${i + 1}`);
    await expect(sessionItems(page).nth(i).getByRole('button').first()).toHaveAttribute('aria-current', 'true');
    listed.push((await shown())!);
  }
  expect([...listed].sort()).toEqual(words);

  await page.keyboard.press('Control+1');
  await page.keyboard.press('Control+PageDown');
  await expect.poll(shown).toBe(listed[1]);
  await page.keyboard.press('Control+PageUp');
  await page.keyboard.press('Control+PageUp');
  await expect.poll(shown).toBe(listed[2]);

  // One Tab stop: the selected session. Arrows move and select; Tab leaves the list.
  const current = sessionItems(page).nth(2).getByRole('button').first();
  await current.focus();
  const stops = await sessionItems(page).evaluateAll((items) => items.map((li) => (li.querySelector('button') as HTMLButtonElement).tabIndex));
  expect(stops).toEqual([-1, -1, 0]);
  await page.keyboard.press('ArrowUp');
  await expect.poll(shown).toBe(listed[1]);
  await expect(sessionItems(page).nth(1).getByRole('button').first()).toBeFocused();
  await page.keyboard.press('Home');
  await expect.poll(shown).toBe(listed[0]);
  await page.keyboard.press('End');
  await expect.poll(shown).toBe(listed[2]);
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => !!document.activeElement?.closest('.sessions'))).toBe(false);

  // Delete removes a finished session from the list.
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(sessionItems(page).nth(2)).toContainText('closed');
  await sessionItems(page).nth(2).getByRole('button').first().focus();
  await page.keyboard.press('Delete');
  await expect(sessionItems(page)).toHaveCount(2);
});

test('each session keeps its draft and line ending when switching', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  const a = python.run('talker.py', [listenPort, 'first', 1]);
  await a.waitForStdout('done');
  const b = python.run('talker.py', [listenPort, 'second', 1]);
  await b.waitForStdout('done');
  await expect(sessionItems(page)).toHaveCount(2);
  await page.keyboard.press('Control+1');
  await replyBox(page).fill('draft for one');
  await page.getByRole('combobox', { name: 'Line ending' }).selectOption('crlf');
  await page.keyboard.press('Control+2');
  await expect(replyBox(page)).toHaveValue('');
  await expect(page.getByRole('combobox', { name: 'Line ending' })).toHaveValue('lf');
  await replyBox(page).fill('draft for two');
  await page.keyboard.press('Control+1');
  await expect(replyBox(page)).toHaveValue('draft for one');
  await expect(page.getByRole('combobox', { name: 'Line ending' })).toHaveValue('crlf');
  await page.keyboard.press('Control+2');
  await expect(replyBox(page)).toHaveValue('draft for two');
});
