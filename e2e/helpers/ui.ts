/** Reaching Porthole's interface the way a person does: by role and accessible name. */
import { expect, type Locator, type Page } from '@playwright/test';

export async function openUi(page: Page, uiUrl: string): Promise<void> {
  await page.goto(uiUrl);
  // Attached, not necessarily visible: a narrow window folds the sidebar away.
  await expect(page.locator('ul.sessions[aria-label="Sessions"]')).toBeAttached();
}

export const transcript = (page: Page): Locator => page.getByRole('log', { name: 'Transcript' });
export const replyBox = (page: Page): Locator => page.getByRole('textbox', { name: 'Reply' });
export const sessionItems = (page: Page): Locator => page.getByRole('list', { name: 'Sessions' }).getByRole('listitem');

/** The text of the rows drawn in the transcript, of one kind ('out' script lines, 'sent', 'note', 'err') or all. */
export function rowTexts(page: Page, kind?: 'out' | 'err' | 'sent' | 'note'): Promise<string[]> {
  return transcript(page).locator(kind ? `.row.${kind} .text` : '.row .text').allTextContents();
}

/** The "N rows" count shown above the transcript. */
export async function rowCount(page: Page): Promise<number> {
  const text = await page.locator('.row-count').textContent();
  return Number((text ?? '').replace(/[^0-9]/g, ''));
}

/** Types a reply as a person would and presses Enter. */
export async function sendReply(page: Page, text: string): Promise<void> {
  const box = replyBox(page);
  await expect(box).toBeEnabled();
  await box.pressSequentially(text);
  await box.press('Enter');
  await expect(box).toHaveValue('');
}

/**
 * Every row of the selected session's transcript, by index, read by paging through the
 * view with the keyboard (only the rows on screen exist in the page).
 */
export async function allRowTexts(page: Page): Promise<string[]> {
  const log = transcript(page);
  const count = await rowCount(page);
  await log.focus();
  await log.press('Home');
  const rows: string[] = [];
  for (let guard = 0; rows.length < count && guard < count + 10; guard++) {
    await expect(log.locator('.row.loading')).toHaveCount(0);
    const seen = await log.locator('.row[data-index]').evaluateAll((els) =>
      els.map((e) => [Number(e.getAttribute('data-index')), e.querySelector('.text')?.textContent ?? ''] as const));
    for (const [i, text] of seen) if (i < count) rows[i] = text;
    if (seen.some(([i]) => i >= count - 1)) break;
    await log.press('PageDown');
  }
  return rows;
}
