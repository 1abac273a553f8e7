/** The sidebar and the notices around the transcript: listeners, the exposure warning, unread counts, the buffering hint. */
import { expect, test } from './helpers/test.ts';
import { openUi, sessionItems } from './helpers/ui.ts';

test('a listener on a port already in use says why, in the form', async ({ page, uiUrl, listenPort }) => {
  await openUi(page, uiUrl);
  await expect(page.getByRole('list', { name: 'Listeners' })).toContainText(`Listening on 127.0.0.1:${listenPort}`);
  await page.getByRole('button', { name: 'Add listener…' }).click();
  const form = page.getByRole('form', { name: 'Add listener' });
  await form.getByRole('textbox', { name: 'Listener host' }).fill('127.0.0.1');
  await form.getByRole('textbox', { name: 'Listener port' }).fill(String(listenPort));
  await form.getByRole('button', { name: 'Listen' }).click();
  await expect(form.getByRole('alert')).toContainText(String(listenPort));
});

test('a listener bound beyond loopback raises a warning banner until it stops', async ({ page, uiUrl }) => {
  await openUi(page, uiUrl);
  const banner = page.getByRole('alert').filter({ hasText: 'listening beyond this machine' });
  await expect(banner).toHaveCount(0);
  await page.getByRole('button', { name: 'Add listener…' }).click();
  const form = page.getByRole('form', { name: 'Add listener' });
  await form.getByRole('textbox', { name: 'Listener host' }).fill('0.0.0.0');
  await form.getByRole('textbox', { name: 'Listener port' }).fill('0');
  await expect(form).toContainText('Other machines will be able to connect');
  await form.getByRole('button', { name: 'Listen' }).click();
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('0.0.0.0:');
  const exposed = page.getByRole('list', { name: 'Listeners' }).getByRole('listitem').filter({ hasText: 'exposed' });
  await exposed.getByRole('button', { name: /^Stop listener/ }).click();
  await expect(banner).toHaveCount(0);
});

test('lines arriving in a session not on screen are counted as unread until it is opened', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  const quiet = python.run('dialog.py', [2, listenPort, 1]);
  await quiet.waitForStdout('connected');
  await expect(sessionItems(page)).toHaveCount(1);
  const talker = python.run('talker.py', [listenPort, 'busy', 5]);
  await talker.waitForStdout('done');
  await expect(sessionItems(page)).toHaveCount(2);
  const second = sessionItems(page).nth(1);
  await expect(second.getByLabel('5 unread')).toBeVisible();
  await second.getByRole('button').click();
  await expect(second.getByLabel(/unread/)).toHaveCount(0);
  await expect(page.getByRole('log', { name: 'Transcript' })).toContainText('busy line 4');
});

test('a live session that has sent nothing for a while gets the buffering hint', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  const script = python.run('dialog.py', [2, listenPort, 1]);
  await script.waitForStdout('connected');
  const hint = page.getByRole('note').filter({ hasText: 'may be buffering' });
  await expect(hint).toBeHidden();
  await expect(hint).toBeVisible({ timeout: 10_000 });
  await expect(hint).toContainText('python -u');
});
