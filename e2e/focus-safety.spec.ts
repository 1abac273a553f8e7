/**
 * Keystrokes go where the person aimed them. A prompt that arrives while they type in
 * Find, in a select, or in another session's Reply box shows itself (the session list,
 * the window title) but leaves focus where it is: the rest of the typing and the Enter
 * stay in that field, and the prompting script receives nothing. Only when nothing has
 * focus does the Reply box take it.
 */
import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './helpers/test.ts';
import { openUi, replyBox, sessionItems, transcript } from './helpers/ui.ts';

const PROMPT = 'Deploy to production? [y/N]';

/** A file whose creation makes late_prompt.py print its prompt. */
function trigger(name: string): { path: string; fire(): void } {
  const path = test.info().outputPath(`${name}.go`);
  return { path, fire: () => writeFileSync(path, '') };
}

/** The session list shows a session waiting at the prompt. */
async function shownWaiting(page: Page, prompt = PROMPT): Promise<void> {
  const item = sessionItems(page).filter({ hasText: 'waiting for input' });
  await expect(item).toHaveCount(1);
  await expect(item.getByRole('button')).toHaveAccessibleName(new RegExp(`waiting for input: ${prompt.trim().replace(/[[\]?]/g, '\\$&')}`));
  await expect(page).toHaveTitle('(1) Porthole');
}

/** Nothing reached the script: it reports every byte it receives. */
async function receivedNothing(page: Page, script: { stdout(): string }): Promise<void> {
  // Long enough for a stray reply to have gone through the core and the socket.
  await page.waitForTimeout(500);
  expect(script.stdout()).not.toContain('recv:');
}

test('a prompt arriving while the person types in Find leaves focus, the typing and the Enter in Find', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  const go = trigger('find');
  const script = python.run('late_prompt.py', [listenPort, go.path]);
  await script.waitForStdout('connected');
  await expect(transcript(page)).toContainText('about to ask something');
  await expect(page).toHaveTitle('Porthole');

  await page.keyboard.press('Control+f');
  const find = page.getByRole('searchbox', { name: 'Find' });
  await expect(find).toBeFocused();
  await page.keyboard.type('about to');
  go.fire();
  await script.waitForStdout('prompted');
  await expect(page.locator('#reply-prompt')).toContainText(PROMPT);
  await shownWaiting(page);
  await expect(find).toBeFocused();
  await page.keyboard.type(' ask');
  await page.keyboard.press('Enter');
  await expect(find).toHaveValue('about to ask');
  await expect(find).toBeFocused();
  // Enter acted on Find: it moved to the match.
  await expect(page.getByRole('status').filter({ hasText: /1 of 1/ })).toBeVisible();
  await receivedNothing(page, script);

  // The prompt is answered where the person chooses to.
  await replyBox(page).click();
  await page.keyboard.type('y');
  await page.keyboard.press('Enter');
  await script.waitForStdout("recv: b'y\\n'");
  await expect(page).toHaveTitle('Porthole');
});

test('a prompt arriving while the encoding select has focus leaves it there; Enter sends nothing', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  const go = trigger('select');
  const script = python.run('late_prompt.py', [listenPort, go.path]);
  await script.waitForStdout('connected');
  const encoding = page.getByRole('combobox', { name: 'Encoding' });
  await encoding.focus();
  go.fire();
  await script.waitForStdout('prompted');
  await shownWaiting(page);
  await expect(encoding).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(encoding).toBeFocused();
  await expect(encoding).toHaveValue('utf-8');
  await expect(replyBox(page)).toHaveValue('');
  await receivedNothing(page, script);
});

test('a prompt in another session while the person types a reply: the text and the Enter stay with their session', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  // Session A reads replies (and reports them); it is the one on screen.
  const reader = python.run('dialog.py', [2, listenPort, 2]);
  await reader.waitForStdout('connected');
  await expect(sessionItems(page)).toHaveCount(1);
  const box = replyBox(page);
  await box.click();
  await page.keyboard.type('hel');

  // Session B connects and prompts at once.
  const go = trigger('other');
  go.fire();
  const prompter = python.run('late_prompt.py', [listenPort, go.path]);
  await prompter.waitForStdout('prompted');
  await expect(sessionItems(page)).toHaveCount(2);
  await shownWaiting(page);
  await expect(sessionItems(page).first().getByRole('button')).toHaveAttribute('aria-current', 'true');
  await expect(box).toBeFocused();
  await page.keyboard.type('lo');
  await page.keyboard.press('Enter');
  await reader.waitForStdout('got: hello');
  await receivedNothing(page, prompter);

  // A draft is kept per session: typed in A, B opened and answered, back to A.
  await page.keyboard.type('draft for A');
  await sessionItems(page).nth(1).getByRole('button').click();
  await expect(box).toHaveValue('');
  await box.click();
  await page.keyboard.type('n');
  await page.keyboard.press('Enter');
  await prompter.waitForStdout("recv: b'n\\n'");
  await expect(page).toHaveTitle('Porthole');
  await sessionItems(page).first().getByRole('button').click();
  await expect(box).toHaveValue('draft for A');
  expect(reader.stdout()).not.toContain('got: hellodraft');
});

test('typing a reply to a session that finished sending: a new connection does not take the screen or the keys', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  // Session A has shut down its sending side but still reads one reply.
  const halfClosed = python.run('half_close.py', ['shut-wr', listenPort]);
  await halfClosed.waitForStdout('shut');
  await expect(sessionItems(page).first()).toContainText('finished sending');
  await expect(page.getByText('The script finished sending; it may have exited — replies may not be read.')).toBeVisible();
  const box = replyBox(page);
  await box.click();
  await page.keyboard.type('after ');

  // A new connection would be shown at once if the person were not typing.
  const go = trigger('new');
  go.fire();
  const prompter = python.run('late_prompt.py', [listenPort, go.path]);
  await prompter.waitForStdout('prompted');
  await shownWaiting(page);
  await expect(sessionItems(page).first().getByRole('button')).toHaveAttribute('aria-current', 'true');
  await expect(box).toBeFocused();
  await page.keyboard.type('your EOF');
  await page.keyboard.press('Enter');
  await halfClosed.waitForStdout('got: after your EOF');
  await receivedNothing(page, prompter);
});

test('a prompt arriving when nothing has focus takes it', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  const go = trigger('idle');
  const script = python.run('late_prompt.py', [listenPort, go.path]);
  await script.waitForStdout('connected');
  await expect(transcript(page)).toContainText('about to ask something');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
  go.fire();
  await expect(replyBox(page)).toBeFocused();
  await shownWaiting(page);
  await page.keyboard.type('y');
  await page.keyboard.press('Enter');
  await script.waitForStdout("recv: b'y\\n'");
});

test.describe('notifications', () => {
  test.beforeEach(async ({ page }) => {
    // The Notification API as the page sees it, recording what it is asked: headless
    // Chromium shows no notifications, and the permission prompt needs a person.
    await page.addInitScript(() => {
      const w = window as unknown as { __shown: { title: string; body?: string }[]; __asked: number; __focused: boolean };
      w.__shown = [];
      w.__asked = 0;
      w.__focused = true;
      let permission: NotificationPermission = 'default';
      class RecordingNotification {
        static get permission() { return permission; }
        static requestPermission() {
          w.__asked++;
          permission = 'granted';
          return Promise.resolve(permission);
        }
        onclick: (() => void) | null = null;
        constructor(title: string, options?: NotificationOptions) {
          w.__shown.push({ title, body: options?.body });
        }
        close() {}
      }
      Object.defineProperty(window, 'Notification', { value: RecordingNotification, configurable: true, writable: true });
      // The window in front or not, as the test says.
      document.hasFocus = () => w.__focused;
    });
  });

  const shown = (page: Page) => page.evaluate(() => (window as unknown as { __shown: unknown[] }).__shown);
  const asked = (page: Page) => page.evaluate(() => (window as unknown as { __asked: number }).__asked);
  const setFocused = (page: Page, on: boolean) => page.evaluate((v) => { (window as unknown as { __focused: boolean }).__focused = v; }, on);

  test('permission is asked only from the button; then a prompt while the window is in the background is announced once', async ({ page, uiUrl, listenPort, python }) => {
    await openUi(page, uiUrl);
    const first = trigger('first');
    const script = python.run('late_prompt.py', [listenPort, first.path, 'Name? ']);
    await script.waitForStdout('connected');
    await setFocused(page, false);
    first.fire();
    await shownWaiting(page, 'Name? ');
    await page.waitForTimeout(1500);
    // A script printing a prompt never asks for the permission, nor notifies without it.
    expect(await asked(page)).toBe(0);
    expect(await shown(page)).toEqual([]);

    // The person comes back to the window and turns notifications on.
    await setFocused(page, true);
    const button = page.getByRole('button', { name: 'Notify me when a script is waiting' });
    await expect(button).toHaveAttribute('aria-pressed', 'false');
    await button.click();
    await expect(button).toHaveAttribute('aria-pressed', 'true');
    expect(await asked(page)).toBe(1);
    await setFocused(page, false);

    // A second script prompts while the window is in the background.
    const second = trigger('second');
    second.fire();
    const other = python.run('late_prompt.py', [listenPort, second.path, 'Continue <b>now</b>? ']);
    await other.waitForStdout('prompted');
    await expect.poll(() => shown(page), { timeout: 5_000 }).toHaveLength(1);
    const [note] = (await shown(page)) as { title: string; body: string }[];
    expect(note.title).toMatch(/ is waiting for input$/);
    // Plain text, exactly as printed.
    expect(note.body).toBe('Continue <b>now</b>? ');
    await page.waitForTimeout(1500);
    expect(await shown(page)).toHaveLength(1);
    await expect(page).toHaveTitle('(2) Porthole');
  });

  test('no notification while the window is in front', async ({ page, uiUrl, listenPort, python }) => {
    await openUi(page, uiUrl);
    await page.getByRole('button', { name: 'Notify me when a script is waiting' }).click();
    const go = trigger('front');
    go.fire();
    const script = python.run('late_prompt.py', [listenPort, go.path]);
    await script.waitForStdout('prompted');
    await shownWaiting(page);
    await page.waitForTimeout(1500);
    expect(await shown(page)).toEqual([]);
  });
});
