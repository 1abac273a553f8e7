/** Honest screens: one report per error, the real listening address, no connecting to itself, toasts clear of controls, rows that say what they are, Copy without the margin, the buffering hint only where it fits. */
import net from 'node:net';
import type { Page } from '@playwright/test';
import { expect, test } from './helpers/test.ts';
import { openUi, replyBox, rowTexts, sendReply, transcript } from './helpers/ui.ts';

const DEFAULT_PORT = 50008;

/** Holds 127.0.0.1:port if nothing does yet; either way the port is in use for the test. */
async function occupy(port: number): Promise<net.Server | null> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(null));
    server.listen({ host: '127.0.0.1', port }, () => resolve(server));
  });
}

const listenerList = (page: Page) => page.getByRole('list', { name: 'Listeners' });

/** With HONEST_SHOTS=dir set, screenshots in light and dark for a person to look at. */
async function shots(page: Page, name: string): Promise<void> {
  const dir = process.env.HONEST_SHOTS;
  if (!dir) return;
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: `${dir}/${name}-${colorScheme}.png` });
  }
  await page.emulateMedia({ colorScheme: null });
}

test('the empty screen names the address Porthole listens on, and uses it in its example', async ({ page, uiUrl, listenPort }) => {
  await openUi(page, uiUrl);
  const main = page.getByRole('main');
  await expect(main).toContainText(`Listening on localhost:${listenPort}`);
  await expect(main).toContainText(`socket.create_connection(("localhost", ${listenPort}))`);
  await expect(main).not.toContainText('50008');
  for (const [width, height] of [[1280, 800], [700, 700]]) {
    await page.setViewportSize({ width, height });
    await shots(page, `empty-${width}x${height}`);
  }
});

test('not listening: the empty screen says so and offers to listen; a port in use is reported once, next to that button', async ({ page, uiUrl }) => {
  const held = await occupy(DEFAULT_PORT);
  try {
    await openUi(page, uiUrl);
    await listenerList(page).getByRole('button', { name: /^Stop listener/ }).click();
    await expect(listenerList(page).getByRole('listitem')).toHaveText(['Not listening.']);
    const notListening = page.getByRole('region', { name: 'Not listening' });
    await expect(notListening).toContainText('Porthole is not listening');
    await notListening.getByRole('button', { name: `Listen on port ${DEFAULT_PORT}` }).click();
    await expect(notListening.getByRole('alert')).toContainText(`Port ${DEFAULT_PORT}`);
    await expect(notListening.getByRole('alert')).toContainText('already in use');
    // Once: no dead listener row, no toast.
    await page.waitForTimeout(500);
    await expect(listenerList(page).getByRole('listitem')).toHaveText(['Not listening.']);
    await expect(page.getByRole('alert')).toHaveCount(1);
    await expect(page.getByRole('status').filter({ hasText: 'in use' })).toHaveCount(0);
    await shots(page, 'not-listening');
  } finally {
    await new Promise((r) => (held ? held.close(r) : r(null)));
  }
});

test('adding a listener on a port in use: one report, in the form; no dead row, no toast', async ({ page, uiUrl, listenPort }) => {
  await openUi(page, uiUrl);
  for (let i = 0; i < 2; i++) {
    if (i === 0) await page.getByRole('button', { name: 'Add listener…' }).click();
    const form = page.getByRole('form', { name: 'Add listener' });
    await form.getByRole('textbox', { name: 'Listener host' }).fill('127.0.0.1');
    await form.getByRole('textbox', { name: 'Listener port' }).fill(String(listenPort));
    await form.getByRole('button', { name: 'Listen' }).click();
    await expect(form.getByRole('alert')).toContainText('already in use');
  }
  await page.waitForTimeout(500);
  await expect(listenerList(page).getByRole('listitem')).toHaveCount(1);
  await expect(listenerList(page)).toContainText(`Listening on 127.0.0.1:${listenPort}`);
  await expect(page.getByRole('alert')).toHaveCount(1);
});

test('Connect… has no default port and refuses Porthole\'s own address with a reason in the form', async ({ page, uiUrl, listenPort }) => {
  await openUi(page, uiUrl);
  await page.getByRole('button', { name: 'Connect…' }).click();
  const form = page.getByRole('form', { name: 'Connect to a listening script' });
  const port = form.getByRole('textbox', { name: 'Connect port' });
  await expect(port).toHaveValue('');
  await form.getByRole('button', { name: 'Connect' }).click();
  await expect(form.getByRole('alert')).toContainText('Enter the port your script listens on');
  for (const host of ['localhost', '127.0.0.1', '::1']) {
    await form.getByRole('textbox', { name: 'Connect host' }).fill(host);
    await port.fill(String(listenPort));
    await form.getByRole('button', { name: 'Connect' }).click();
    await expect(form.getByRole('alert')).toContainText(`Porthole itself listens on localhost:${listenPort}`);
  }
  await expect(page.getByRole('list', { name: 'Connections being made' })).toHaveCount(0);
});

for (const [width, height] of [[1280, 800], [700, 700]]) {
  test(`toasts never cover the Reply box, Send or the status bar at ${width}×${height}`, async ({ page, context, uiUrl, listenPort, python }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.setViewportSize({ width, height });
    await openUi(page, uiUrl);
    python.run('prompt.py', [listenPort]);
    await expect(transcript(page)).toContainText('Name?');
    const copy = page.getByRole('button', { name: /^Copy/ });
    for (let i = 0; i < 5; i++) await copy.click();
    const toasts = page.getByRole('status').filter({ hasText: 'Copied' });
    await expect(toasts).toHaveCount(5);
    const controls = [replyBox(page), page.getByRole('button', { name: 'Send', exact: true }), page.locator('.status-bar'), copy];
    const boxes = await Promise.all(controls.map(async (c) => (await c.boundingBox())!));
    for (let i = 0; i < 5; i++) {
      const t = (await toasts.nth(i).boundingBox())!;
      for (const b of boxes) {
        const overlap = t.x < b.x + b.width && b.x < t.x + t.width && t.y < b.y + b.height && b.y < t.y + t.height;
        expect(overlap, `toast ${i} ${JSON.stringify(t)} covers ${JSON.stringify(b)}`).toBe(false);
      }
    }
    await shots(page, `toasts-${width}x${height}`);
  });
}

test('rows say what they are to a screen reader; the margin is labelled', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  const script = python.run('prompt.py', [listenPort]);
  await expect(transcript(page)).toContainText('Name?');
  await sendReply(page, 'Ann');
  await script.waitForStdout('got: Ann');
  await expect(transcript(page)).toContainText('Hello, Ann!');
  const spoken = await transcript(page).ariaSnapshot();
  expect(spoken).toContain('you typed: Ann');
  expect(spoken).toMatch(/note: connected/);
  expect(spoken).not.toMatch(/[›•]/);
  // What the person sees is unchanged: the symbols in the margin, the text alone in the row.
  expect(await rowTexts(page, 'sent')).toEqual(['Ann']);
  await expect(transcript(page).locator('.row.sent .gutter')).toHaveText('›');
  await transcript(page).getByRole('button', { name: 'Select row 1' }).click();
  await expect(page.getByRole('button', { name: 'Copy 1 row' })).toBeVisible();
});

test('Copy works without the margin: the last row, a text selection, Ctrl+C', async ({ page, context, uiUrl, listenPort, python }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openUi(page, uiUrl);
  python.run('dialog.py', [1, listenPort, 3]);
  await expect.poll(() => rowTexts(page, 'out')).toEqual(['client: 0', 'client: 1', 'client: 2']);
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  const copy = page.getByRole('button', { name: 'Copy', exact: true });
  await expect(copy).toBeEnabled();
  await copy.click();
  await expect.poll(clipboard).toMatch(/^note:|client: 2|finished/);
  const last = (await transcript(page).locator('.row .text').allTextContents()).at(-1);
  await expect.poll(clipboard).toBe(last);
  // A text selection is copied as it is.
  await transcript(page).locator('.row.out .text').nth(1).selectText();
  await copy.click();
  await expect.poll(clipboard).toBe('client: 1');
  await page.evaluate(() => window.getSelection()?.removeAllRanges());
  await page.evaluate(() => navigator.clipboard.writeText('before'));
  await transcript(page).focus();
  await page.keyboard.press('Control+c');
  await expect.poll(clipboard).toBe(last);
});

test('no buffering hint while a prompt waits', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  python.run('prompt.py', [listenPort]);
  await expect(transcript(page)).toContainText('Name?');
  const hint = page.getByRole('note').filter({ hasText: 'may be buffering' });
  await page.waitForTimeout(4_500);
  await expect(hint).toHaveCount(0);
  await expect(replyBox(page)).toBeEnabled();
});
