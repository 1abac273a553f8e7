/** The Reply box: multi-line text, Shift+Enter, history, line endings, and the keyboard shortcut to reach it. */
import { expect, test } from './helpers/test.ts';
import { openUi, replyBox, rowTexts, sendReply } from './helpers/ui.ts';

test('a multi-line reply sends each line in order, one input() each; Shift+Enter adds a line', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  const script = python.run('dialog.py', [2, listenPort, 4]);
  await script.waitForStdout('connected');
  const box = replyBox(page);
  await expect(box).toBeEnabled();
  await box.pressSequentially('first');
  await box.press('Shift+Enter');
  await box.pressSequentially('second');
  await expect(box).toHaveValue('first\nsecond');
  await box.press('Enter');
  await expect(box).toHaveValue('');
  // A pasted block: each line goes as its own reply, in order.
  await box.fill('third\nfourth\n');
  await box.press('Enter');
  await script.waitForStdout('done');
  const got = script.stdout().split('\n').filter((l) => l.startsWith('got: '));
  expect(got).toEqual(['got: first', 'got: second', 'got: third', 'got: fourth']);
  await expect.poll(() => rowTexts(page, 'sent')).toEqual(['first', 'second', 'third', 'fourth']);
});

test('↑ and ↓ recall earlier replies, and Ctrl+L returns to the box', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  const script = python.run('dialog.py', [2, listenPort, 3]);
  await script.waitForStdout('connected');
  await sendReply(page, 'alpha');
  await sendReply(page, 'beta');
  const box = replyBox(page);
  await box.press('ArrowUp');
  await expect(box).toHaveValue('beta');
  await box.press('ArrowUp');
  await expect(box).toHaveValue('alpha');
  await box.press('ArrowDown');
  await expect(box).toHaveValue('beta');
  await box.press('ArrowDown');
  await expect(box).toHaveValue('');
  await page.getByRole('log', { name: 'Transcript' }).focus();
  await page.keyboard.press('Control+l');
  await expect(box).toBeFocused();
  await box.press('ArrowUp');
  await box.press('Enter');
  await script.waitForStdout('got: beta\ngot: beta');
});

test('line ending "none" sends the text without a newline, so the next reply completes the same line', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  const script = python.run('dialog.py', [2, listenPort, 1]);
  await script.waitForStdout('connected');
  const ending = page.getByRole('combobox', { name: 'Line ending' });
  await ending.selectOption('none');
  await sendReply(page, 'half');
  await ending.selectOption('lf');
  await sendReply(page, 'way');
  await script.waitForStdout('got: halfway');
  expect(script.stdout()).not.toContain('got: half\n');
});
