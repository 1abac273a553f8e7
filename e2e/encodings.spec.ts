/** Bytes that are not ASCII, from real Python clients: UTF-8, Latin-1 chosen in the interface, invalid bytes. */
import { expect, test } from './helpers/test.ts';
import { openUi, rowTexts, sendReply, transcript } from './helpers/ui.ts';

test('UTF-8 by default, including a character split across two reads', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  const script = python.run('encodings.py', ['utf8', listenPort]);
  await script.waitForStdout('done');
  await expect.poll(() => rowTexts(page, 'out')).toEqual(['h\u00e9llo w\u00f6rld \u2713 \u65e5\u672c\u8a9e \u{1F600}', 'split: \u20ac euro']);
  await expect(page.getByRole('combobox', { name: 'Encoding' })).toHaveValue('utf-8');
  expect(await transcript(page).textContent()).not.toContain('\uFFFD');
});

test('bytes that are not valid UTF-8 show as U+FFFD, and the text around them survives', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  const script = python.run('encodings.py', ['invalid', listenPort]);
  await script.waitForStdout('done');
  await expect(transcript(page)).toContainText('after bad bytes');
  const out = await rowTexts(page, 'out');
  expect(out).toHaveLength(3);
  expect(out[0]).toBe('before bad bytes');
  expect(out[1]).toMatch(/^bad \uFFFD+ bytes \uFFFD end$/);
  expect(out[2]).toBe('after bad bytes');
});

test('Latin-1 chosen for the session in the interface: the script\'s bytes decode, and replies are encoded with it', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  const script = python.run('encodings.py', ['latin1', listenPort]);
  await expect(transcript(page)).toContainText('ready for latin-1');
  const encoding = page.getByRole('combobox', { name: 'Encoding' });
  await encoding.selectOption('latin1');
  await expect(encoding).toHaveValue(/^latin1$|^iso-8859-1$/);
  await sendReply(page, 'caf\u00e9 \u00bd');
  // Exactly the Latin-1 bytes reach the script: one byte per accented letter.
  await script.waitForStdout("got: b'caf\\xe9 \\xbd\\n'");
  await expect(transcript(page)).toContainText('caf\u00e9 na\u00efve \u00bd');
  expect(await rowTexts(page, 'out')).toEqual(['ready for latin-1', 'caf\u00e9 na\u00efve \u00bd']);
});
