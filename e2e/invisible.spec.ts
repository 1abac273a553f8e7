/** Bidi overrides and zero-width characters are shown marked in the window; exports keep the characters received. */
import { expect, test } from './helpers/test.ts';
import { openUi } from './helpers/ui.ts';

test('bidi and zero-width characters are shown as marked placeholders; exports keep them exactly', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  const script = python.run('invisible.py', [listenPort]);
  await script.waitForStdout('printed');
  const log = page.getByRole('log', { name: 'Transcript' });
  await expect(log).toContainText('plain ascii after');
  await expect(log).toContainText('invoice⟨U+202E⟩gpj.exe');
  await expect(log).toContainText('pay⟨U+200B⟩pal.com');
  // Nothing on screen reorders: the override itself is not in the page's text.
  expect(await log.innerText()).not.toContain('\u202E');

  // The page's own sign-in cookie authorises the downloads.
  const sessions = await page.evaluate(async () => (await fetch('/export/1?format=jsonl')).text());
  const texts = sessions.trim().split('\n').map((l) => JSON.parse(l).text as string);
  expect(texts).toContain('invoice\u202Egpj.exe');
  expect(texts).toContain('pay\u200Bpal.com');
  const text = await page.evaluate(async () => (await fetch('/export/1?format=text')).text());
  expect(text).toContain('invoice\u202Egpj.exe');
  expect(text).toContain('pay\u200Bpal.com');
  expect(text).not.toContain('⟨U+');
});
