/**
 * Sessions that stay manageable: runs of one program grouped and numbered, renamed in
 * the list, switched from the keyboard (the list one Tab stop), each keeping its draft
 * and line ending; a connect-out session that reconnects to its restarted script, by
 * hand and on its own; the sidebar folding away in a narrow window.
 */
import { expect, test } from './helpers/test.ts';
import { freePort } from './helpers/python.ts';
import { openUi, replyBox, sendReply, sessionItems, transcript } from './helpers/ui.ts';

const list = (page: import('@playwright/test').Page) => page.getByRole('list', { name: 'Sessions' });
const current = (page: import('@playwright/test').Page) => list(page).locator('button.session[aria-current="true"]');

test('runs of one program are grouped and numbered; renamed in the list with F2; keys switch; drafts kept', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  // One after another, so the list's order is known: two runs of one program, another program between them.
  const started: [string, string, string][] = [['session_run.py', 'first run', 'connected'], ['say_and_exit.py', 'other program', 'exited'], ['session_run.py', 'second run', 'connected']];
  for (const [i, [script, text, said]] of started.entries()) {
    await python.run(script, [listenPort, text]).waitForStdout(said);
    await expect(list(page).locator('button.session')).toHaveCount(i + 1);
  }
  await expect(sessionItems(page)).toHaveCount(3);
  // Named by the OS after the script, the two runs of session_run.py sit under one header.
  const header = list(page).getByRole('button', { name: /session_run\.py/ }).and(page.locator('.session-group-header'));
  await expect(header).toBeVisible({ timeout: 10_000 });
  await expect(header).toHaveAttribute('aria-expanded', 'true');
  await expect(header.locator('.group-count')).toHaveText('2');
  await expect(sessionItems(page).nth(0)).toContainText('#1');
  await expect(sessionItems(page).nth(1)).toContainText('#2');
  await expect(sessionItems(page).nth(2)).not.toContainText('#');

  // Ctrl+1…3 follow the list's order; Ctrl+PageDown/PageUp step and wrap.
  await page.keyboard.press('Control+1');
  await expect(transcript(page)).toContainText('first run');
  await page.keyboard.press('Control+2');
  await expect(transcript(page)).toContainText('second run');
  await page.keyboard.press('Control+3');
  await expect(transcript(page)).toContainText('other program');
  await page.keyboard.press('Control+PageDown');
  await expect(transcript(page)).toContainText('first run');
  await page.keyboard.press('Control+PageUp');
  await expect(transcript(page)).toContainText('other program');

  // Draft and line ending stay with their session.
  await page.keyboard.press('Control+1');
  await replyBox(page).fill('draft of the first');
  await page.getByRole('combobox', { name: 'Line ending' }).selectOption('crlf');
  await page.getByRole('combobox', { name: 'Encoding' }).selectOption('latin1');
  await expect(page.getByRole('combobox', { name: 'Encoding' })).toHaveValue('latin1');
  await page.keyboard.press('Control+2');
  await expect(replyBox(page)).toHaveValue('');
  await expect(page.getByRole('combobox', { name: 'Line ending' })).toHaveValue('lf');
  await expect(page.getByRole('combobox', { name: 'Encoding' })).toHaveValue('utf-8');
  await page.keyboard.press('Control+1');
  await expect(replyBox(page)).toHaveValue('draft of the first');
  await expect(page.getByRole('combobox', { name: 'Line ending' })).toHaveValue('crlf');
  await expect(page.getByRole('combobox', { name: 'Encoding' })).toHaveValue('latin1');

  // One Tab stop: the selected session; arrows reach the header too, Left/Right fold it.
  const first = sessionItems(page).nth(0).locator('button.session');
  await first.focus();
  const tabbable = await list(page).locator('button').evaluateAll((bs) => bs.filter((b) => (b as HTMLButtonElement).tabIndex === 0).length);
  expect(tabbable).toBe(1);
  await page.keyboard.press('ArrowDown');
  await expect(sessionItems(page).nth(1).locator('button.session')).toBeFocused();
  await expect(transcript(page)).toContainText('second run');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(header).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(header).toHaveAttribute('aria-expanded', 'false');
  await expect(sessionItems(page)).toHaveCount(1);
  // The selected run is folded away: its header is the list's Tab stop.
  await expect(header).toHaveAttribute('tabindex', '0');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await list(page).screenshot({ path: test.info().outputPath(`sessions-folded-${scheme}.png`) });
  }
  await page.keyboard.press('Enter');
  await expect(header).toHaveAttribute('aria-expanded', 'true');
  await expect(sessionItems(page)).toHaveCount(3);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await list(page).screenshot({ path: test.info().outputPath(`sessions-grouped-${scheme}.png`) });
  }
  await page.keyboard.press('End');
  await expect(sessionItems(page).nth(2).locator('button.session')).toBeFocused();
  await page.keyboard.press('Home');
  await expect(first).toBeFocused();

  // F2 on the list item: a name field in its place; Escape cancels, Enter keeps; a bad name says why.
  await page.keyboard.press('F2');
  const field = list(page).getByRole('textbox', { name: /New name for/ });
  await expect(field).toBeFocused();
  await expect(page.getByRole('textbox', { name: 'Session name' })).toHaveCount(0);
  await field.fill('thrown away');
  await field.press('Escape');
  await expect(field).toHaveCount(0);
  await expect(first).toBeFocused();
  await expect(sessionItems(page).nth(0)).not.toContainText('thrown away');
  await page.keyboard.press('F2');
  await field.fill('bell\u0007');
  await field.press('Enter');
  await expect(list(page).getByRole('alert')).toContainText('control characters');
  await field.fill('  login check  ');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await list(page).screenshot({ path: test.info().outputPath(`sessions-renaming-${scheme}.png`) });
  }
  await field.press('Enter');
  await expect(sessionItems(page).nth(0)).toContainText('login check');
  await expect(page.locator('.session-header h1')).toHaveText('login check');
  // Still a run of its program: grouped and numbered as before.
  await expect(sessionItems(page).nth(0)).toContainText('#1');
  await expect(header.locator('.group-count')).toHaveText('2');
  await expect(first).toBeFocused();
  await expect(first).toHaveAttribute('title', /Ctrl\+1.*F2: rename/);

  // Tab leaves the list in one step.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => !!document.activeElement?.closest('.sessions'))).toBe(false);
});

test('a connect-out session reconnects to its restarted script: on its own, and with the Reconnect button', async ({ page, uiUrl, python }) => {
  await openUi(page, uiUrl);
  const port = await freePort();
  const one = python.run('restartable_listener.py', [port, 'hello from run one']);
  await one.waitForStdout('listening');
  await page.getByRole('button', { name: 'Connect…' }).click();
  const form = page.getByRole('form', { name: 'Connect to a listening script' });
  await form.getByRole('textbox', { name: 'Connect host' }).fill('127.0.0.1');
  await form.getByRole('textbox', { name: 'Connect port' }).fill(String(port));
  await form.getByRole('checkbox', { name: 'Auto-reconnect' }).check();
  await form.getByRole('button', { name: 'Connect' }).click();
  await expect(transcript(page)).toContainText('hello from run one');
  const auto = page.getByRole('group', { name: 'Reconnect' }).getByRole('checkbox', { name: 'Auto-reconnect' });
  await expect(auto).toBeChecked();

  await sendReply(page, 'quit');
  await one.waitForStdout('exited');
  // Ended, and trying: the state is shown with Stop.
  await expect(page.getByRole('status').filter({ hasText: `Reconnecting to 127.0.0.1:${port}` })).toBeVisible();
  await expect(list(page)).toContainText('reconnecting…');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: test.info().outputPath(`sessions-reconnecting-${scheme}.png`) });
  }
  const two = python.run('restartable_listener.py', [port, 'hello from run two']);
  await two.waitForStdout('listening');
  await expect(transcript(page)).toContainText('hello from run two', { timeout: 15_000 });
  await expect(transcript(page)).toContainText(`reconnected to 127.0.0.1:${port}`);
  // The same session: one in the list, the first run's lines above.
  await expect(sessionItems(page)).toHaveCount(1);
  await expect(transcript(page)).toContainText('hello from run one');
  await sendReply(page, 'ping');
  await expect(transcript(page)).toContainText('echo: ping');

  // Auto off: the session ends and waits; Reconnect continues it.
  await auto.uncheck();
  await expect(auto).not.toBeChecked();
  await sendReply(page, 'quit');
  await two.waitForStdout('exited');
  const reconnect = page.getByRole('button', { name: 'Reconnect', exact: true });
  await expect(reconnect).toBeVisible();
  await expect(reconnect).toHaveAttribute('title', /Alt\+R/);
  const three = python.run('restartable_listener.py', [port, 'hello from run three']);
  await three.waitForStdout('listening');
  await reconnect.click();
  await expect(transcript(page)).toContainText('hello from run three', { timeout: 15_000 });
  await expect(reconnect).toHaveCount(0);
  await expect(sessionItems(page)).toHaveCount(1);
  await expect(replyBox(page)).toBeEnabled();
  await sendReply(page, 'quit');
  await three.waitForStdout('exited');

  // Trying with nothing listening can be stopped.
  await expect(reconnect).toBeVisible();
  await reconnect.click();
  const stop = page.getByRole('button', { name: 'Stop', exact: true });
  await expect(stop).toBeVisible();
  await stop.click();
  await expect(stop).toHaveCount(0);
  await expect(reconnect).toBeVisible();
});

test('at 700 px the sidebar folds behind a Sessions button and is back when wide', async ({ page, uiUrl, listenPort, python }) => {
  await page.setViewportSize({ width: 700, height: 600 });
  await openUi(page, uiUrl);
  for (const word of ['a', 'b']) await python.run('session_run.py', [listenPort, word]).waitForStdout('connected');
  const sidebar = page.getByRole('navigation', { name: 'Listeners and sessions' });
  const toggle = page.getByRole('button', { name: 'Sessions', exact: true });
  await expect(sidebar).toBeHidden();
  await toggle.click();
  await expect(sidebar).toBeVisible();
  await expect(list(page).locator('.session-group-header')).toBeVisible({ timeout: 10_000 });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: test.info().outputPath(`sessions-narrow-${scheme}.png`) });
  }
  await page.keyboard.press('Escape');
  await expect(sidebar).toBeHidden();
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(sidebar).toBeVisible();
  await expect(toggle).toHaveCount(0);
  await expect(current(page)).toHaveCount(1);
});
