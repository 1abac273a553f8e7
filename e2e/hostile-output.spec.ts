/**
 * Script output is text, never markup or terminal commands (SPEC section 5): HTML,
 * and escape sequences that set the clipboard, the title, links, or clear the screen,
 * all show as inert text, while SGR colours still render.
 */
import { expect, test } from './helpers/test.ts';
import { openUi, rowTexts, sendReply, transcript } from './helpers/ui.ts';

test('HTML and terminal escape sequences from a script are inert text; SGR colours still render', async ({ page, context, porthole, uiUrl, listenPort, python }) => {
  const origin = porthole.origin;
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  const requests: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(origin)) requests.push(r.url());
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  await openUi(page, uiUrl);
  const title = await page.title();
  await page.evaluate(() => navigator.clipboard.writeText('clipboard before'));

  const script = python.run('hostile.py', [listenPort]);
  await expect(transcript(page)).toContainText('last hostile line');

  const log = transcript(page);
  const out = await rowTexts(page, 'out');
  // Markup is shown character for character.
  expect(out).toContain('<img src=x onerror=alert(1)>');
  expect(out).toContain('<script>alert(1)</script>');
  expect(out).toContain('<a href="javascript:alert(1)">click</a>');
  await expect(log.locator('img, script, a, iframe, svg, object, embed')).toHaveCount(0);
  expect(await page.locator('img[src="x"], a[href^="javascript"]').count()).toBe(0);

  // Escape sequences do nothing: the words around them remain, and their payloads act on nothing.
  for (const words of [/^osc52 .*clipboard$/, /^osc0 .*title$/, /^osc8 .*a link.* end$/, /^clear .*screen$/, /^alt .*screen$/]) {
    expect(out.some((t) => words.test(t)), `a row matching ${words}`).toBe(true);
  }
  // The screen clear and the alternate screen did not wipe what came before.
  expect(out[0]).toBe('first line, before the screen clear');
  expect(out).toHaveLength(11);
  // No row carries a raw ESC or BEL that a later consumer could act on.
  expect(out.join('')).not.toMatch(/[\u001b\u0007]/);

  // Colours: "red" and "bold green" are styled spans, the text beside them is not.
  const red = log.locator('.row.out .text span', { hasText: /^red$/ });
  const green = log.locator('.row.out .text span', { hasText: /^bold green$/ });
  const plain = log.locator('.row.out .text span', { hasText: /^ and $/ });
  await expect(red).toHaveCount(1);
  const colours = await Promise.all([red, green, plain].map((l) => l.evaluate((e) => {
    const cs = getComputedStyle(e);
    return { color: cs.color, weight: cs.fontWeight };
  })));
  expect(colours[0].color).not.toBe(colours[2].color);
  expect(colours[1].color).not.toBe(colours[2].color);
  expect(colours[0].color).not.toBe(colours[1].color);
  expect(Number(colours[1].weight)).toBeGreaterThanOrEqual(700);
  await expect(red).toHaveAttribute('style', /color/);

  // The session still works after all that.
  await sendReply(page, 'ok');
  await script.waitForStdout('got: ok');
  await expect(log).toContainText('still alive: ok');

  expect(dialogs).toEqual([]);
  expect(await page.title()).toBe(title);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('clipboard before');
  expect(requests).toEqual([]);
});
