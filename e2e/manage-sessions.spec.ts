/** Sessions that stay manageable: a finished session is removed from the list, a past one deleted from disk. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './helpers/test.ts';
import { openUi, sessionItems } from './helpers/ui.ts';

test('a finished session is removed from the list and can be deleted from the past sessions', async ({ page, uiUrl, listenPort, python, dataDir }) => {
  await openUi(page, uiUrl);
  const talker = python.run('talker.py', [listenPort, 'brief', 2]);
  await talker.waitForStdout('done');
  await expect(sessionItems(page)).toHaveCount(1);
  const item = sessionItems(page).first();
  // Still half-open: no Remove yet.
  await expect(item.getByRole('button', { name: 'Remove' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(item).toContainText('closed');
  await item.hover();
  await item.getByRole('button', { name: 'Remove' }).click();
  await expect(sessionItems(page)).toHaveCount(0);

  const key = readdirSync(join(dataDir, 'sessions'))[0];
  await page.getByRole('button', { name: /Past sessions/ }).click();
  const past = page.getByRole('list', { name: 'Past sessions' });
  await expect(past.getByRole('listitem')).toHaveCount(1);
  page.once('dialog', (d) => void d.accept());
  await past.getByRole('listitem').first().hover();
  await past.getByRole('button', { name: 'Delete' }).click();
  await expect(past).toContainText('None.');
  expect(existsSync(join(dataDir, 'sessions', key))).toBe(false);
});
