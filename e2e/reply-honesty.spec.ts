/**
 * The reply area says what happens to a reply: when the script has finished sending
 * (it may have exited) and when a reply was not delivered because it had.
 */
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
