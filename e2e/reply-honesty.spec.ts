/**
 * The window says what happens to what is sent and received: when the script has
 * finished sending (it may have exited), when a reply was not delivered because it
 * had, and when the transcript cannot be written.
 */
import { join } from 'node:path';
import { mountTmpfs, sayWhySkipped } from '../test/helpers/tmpfs.ts';
import { startServe } from './fixtures/serve.ts';
import { expect, test } from './helpers/test.ts';
import { openUi, replyBox, rowTexts, sendReply, sessionItems, transcript } from './helpers/ui.ts';

test('a reply to a script that had exited is marked not delivered, on its row and in the reply area', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  const script = python.run('say_and_exit.py', [listenPort, 'goodbye']);
  expect(await script.exited).toBe(0);
  await expect(transcript(page)).toContainText('goodbye');
  await expect(sessionItems(page).first()).toContainText('finished sending');
  const reply = page.locator('.reply');
  await expect(reply.getByText('The script finished sending; it may have exited — replies may not be read.')).toBeVisible();
  await expect(replyBox(page)).toHaveAccessibleDescription(/may have exited/);

  await sendReply(page, 'anyone there?');
  await expect(reply.getByRole('alert')).toHaveText('Your reply was not delivered: the script had exited.');
  const sent = transcript(page).locator('.row.sent').filter({ hasText: 'anyone there?' });
  await expect(sent.getByText('not delivered', { exact: true })).toBeVisible();
  await expect(sent).toHaveClass(/undelivered/);
  expect(await rowTexts(page, 'sent')).toEqual(['anyone there?']);
  // The session is over; the box says so, and the note stays.
  await expect(sessionItems(page).first()).toContainText('closed');
  await expect(replyBox(page)).toBeDisabled();
  await expect(reply.getByRole('alert')).toBeVisible();
  await expect(page.getByText('The script finished sending; it may have exited')).toHaveCount(0);
});

test('a transcript that cannot be written is said in the session header, and output goes on', async ({ page, python }) => {
  // The data dir on a 2 MiB tmpfs that a 4 MB line fills.
  const disk = mountTmpfs(2 * 1024 * 1024);
  if (typeof disk === 'string') {
    sayWhySkipped('transcript error in the header', disk);
    test.skip(true, disk);
    return;
  }
  const server = await startServe(['--data-dir', join(disk.dir, 'data')]);
  try {
    await openUi(page, server.uiUrl);
    const script = python.run('hostile_render.py', [server.listenPort, 'line', 4]);
    await script.waitForStdout('sent', 30_000);
    const notice = page.getByRole('main').getByRole('status').filter({ hasText: 'The transcript is not being saved.' });
    await expect(notice).toBeVisible({ timeout: 20_000 });
    await expect(notice).toContainText(/disk full/);
    await expect(sessionItems(page).first()).toContainText('transcript not saved');
    // Output still arrives and can be answered.
    await expect(transcript(page).locator('.row.out .text').filter({ hasText: /^hostile render done$/ })).toBeVisible();
    await expect(replyBox(page)).toBeEnabled();
  } finally {
    await server.stop();
    disk.unmount();
  }
});
