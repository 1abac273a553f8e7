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

test('a session is renamed with F2 or the Rename button; Escape cancels, a bad name is refused with the reason', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  const t = python.run('talker.py', [listenPort, 'named', 1]);
  await t.waitForStdout('done');
  const header = page.locator('.session-header');
  await expect(header.getByRole('heading', { level: 1 })).toBeVisible();

  await header.getByRole('button', { name: 'Rename' }).click();
  const field = page.getByRole('textbox', { name: 'Session name' });
  await expect(field).toBeFocused();
  await field.fill('checkout flow');
  await field.press('Escape');
  // Cancelled: the heading is back (its name may still change from the address to the program's, as the OS tells).
  await expect(field).toHaveCount(0);
  await expect(header.getByRole('heading', { level: 1 })).not.toHaveText('checkout flow');

  await transcript(page).focus();
  await page.keyboard.press('F2');
  await expect(field).toBeFocused();
  await field.fill('two\u202elines');
  await field.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'direction overrides' })).toBeVisible();
  await field.fill('  checkout flow  ');
  await field.press('Enter');
  await expect(header.getByRole('heading', { level: 1 })).toHaveText('checkout flow');
  await expect(sessionItems(page).first()).toContainText('checkout flow');
  // F2 in the Reply box is typing, not renaming.
  await replyBox(page).focus();
  await page.keyboard.press('F2');
  await expect(field).toHaveCount(0);
});

test('in a narrow window the sidebar folds away behind a Sessions button and comes back over the transcript', async ({ page, uiUrl, listenPort, python }) => {
  await page.setViewportSize({ width: 700, height: 600 });
  await openUi(page, uiUrl);
  for (const word of ['one', 'two']) expect(await python.run('say_and_exit.py', [listenPort, word]).exited).toBe(0);
  const sidebar = page.getByRole('navigation', { name: 'Listeners and sessions' });
  const toggle = page.getByRole('button', { name: 'Sessions', exact: true });
  await expect(sidebar).toBeHidden();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  // The transcript has the width the sidebar gave up.
  expect((await transcript(page).boundingBox())!.width).toBeGreaterThan(600);
  await toggle.click();
  await expect(sidebar).toBeVisible();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: test.info().outputPath(`narrow-sidebar-${scheme}.png`) });
  }
  await page.keyboard.press('Escape');
  await expect(sidebar).toBeHidden();
  await expect(toggle).toBeFocused();
  await toggle.click();
  await sidebar.getByRole('button', { name: 'Hide' }).click();
  await expect(sidebar).toBeHidden();
  await expect(toggle).toBeFocused();
  // Choosing a session from the folded-out list shows it.
  await toggle.click();
  await sessionItems(page).first().getByRole('button').first().click();
  await expect(sidebar).toBeHidden();
  // Wide again: the sidebar is back for good, and the button goes.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(sidebar).toBeVisible();
  await expect(toggle).toHaveCount(0);
});
