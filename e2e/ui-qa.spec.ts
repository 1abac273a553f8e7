/**
 * Manual QA made repeatable, in the window: an auto-response rule added in the
 * Auto-responses panel answers the script's prompts (shown as automatic replies); a
 * row bookmarked from the keyboard takes a note, is listed, jumps into view, and is in
 * the QA report downloaded from the window. Screenshots of both in light and dark, wide
 * and narrow, go to test-results/ui-qa/.
 */
import fs from 'node:fs';
import { expect, test } from './helpers/test.ts';
import { openUi, transcript } from './helpers/ui.ts';

const SHOTS = 'test-results/ui-qa';

test('an auto-response answers prompts; a bookmark with a note is listed, jumped to and in the QA report', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  const script = python.run('qa_prompts.py', [listenPort, 3]);
  await script.waitForStdout('connected');
  await expect(transcript(page)).toContainText('Continue? [y/N]');

  // The panel opens from the session header.
  await page.getByRole('button', { name: 'Auto-responses' }).click();
  const panel = page.getByRole('region', { name: 'Auto-responses' });
  await expect(panel).toBeVisible();
  await panel.getByRole('textbox', { name: 'Pattern' }).fill('Continue? [y/N]');
  await panel.getByRole('textbox', { name: 'Answer to send' }).fill('y');
  await panel.getByRole('button', { name: 'Add rule' }).click();
  // The waiting prompt and the two after it are answered.
  await script.waitForStdout('answered: y y y');
  await expect(panel.getByRole('list', { name: 'Rules' })).toContainText('fired 3×');
  const autos = transcript(page).locator('.row.auto');
  await expect(autos).toHaveCount(3);
  await expect(autos.first().locator('.visually-hidden.kind')).toHaveText('automatic reply: ');
  await expect(transcript(page).locator('.row.sent')).toHaveCount(0);

  // Bookmark the total row with the keyboard: select it in the margin, Ctrl+B.
  const total = transcript(page).locator('.row', { hasText: 'total: 3 items, price 0.00' });
  await total.locator('.gutter').click();
  await page.keyboard.press('Control+b');
  const marks = page.getByRole('region', { name: 'Bookmarks' });
  const index = Number(await total.getAttribute('data-index'));
  await expect(marks.getByRole('button', { name: `Row ${index + 1}`, exact: true })).toBeVisible();
  await marks.getByRole('textbox', { name: `Note on row ${index + 1}` }).fill('price should not be 0.00');
  await marks.getByRole('textbox', { name: `Note on row ${index + 1}` }).press('Enter');
  await expect(page.getByRole('button', { name: 'Bookmark', exact: true })).toHaveAttribute('title', /Ctrl\+B/);

  // Jump: scroll to the top, then the mark brings the row back into view.
  await transcript(page).focus();
  await page.keyboard.press('Control+Home');
  await expect(total).toHaveCount(0);
  await marks.getByRole('button', { name: `Row ${index + 1}`, exact: true }).click();
  await expect(total).toBeVisible();
  // The row itself shows the mark (and says it to a screen reader).
  await expect(total).toHaveClass(/bookmarked/);
  await expect(total).toContainText('bookmarked:');

  fs.mkdirSync(SHOTS, { recursive: true });
  // A row's context menu bookmarks it too.
  const answers = transcript(page).locator('.row', { hasText: 'answers: y y y' });
  await answers.click({ button: 'right' });
  const item = page.getByRole('menuitem', { name: /^Bookmark/ });
  await expect(item).toBeFocused();
  await page.screenshot({ path: `${SHOTS}/qa-menu-light-1280.png` });
  await item.click();
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expect(marks.getByRole('list', { name: 'Bookmarked rows' }).getByRole('listitem')).toHaveCount(2);
  await expect(answers).toHaveClass(/bookmarked/);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1280, 700]) {
      await page.setViewportSize({ width, height: 720 });
      await page.screenshot({ path: `${SHOTS}/qa-${scheme}-${width}.png` });
    }
  }
  await page.setViewportSize({ width: 1280, height: 720 });

  // The QA report, downloaded from the window.
  const download = page.waitForEvent('download');
  await marks.getByRole('button', { name: 'QA report' }).click();
  const file = await (await download).path();
  const report = fs.readFileSync(file, 'utf8');
  expect((await download).suggestedFilename()).toMatch(/qa-report\.md$/);
  expect(report).toContain('# QA report');
  expect(report).toMatch(/1\. automatic reply `y` at /);
  expect(report).toContain(`### 1. Row ${index + 1}: price should not be 0.00`);
  expect(report).toContain('total: 3 items, price 0.00');
  expect(report).toContain(`### 2. Row ${index + 2}`);

  // Turning the rule off leaves the next prompt to the person.
  await panel.getByRole('checkbox', { name: 'Rule 1 on' }).click();
  await expect(panel.getByRole('list', { name: 'Rules' }).locator('li.off')).toHaveCount(1);
  await panel.getByRole('button', { name: 'Delete rule 1' }).click();
  await expect(panel.getByText('No rules.')).toBeVisible();
});
