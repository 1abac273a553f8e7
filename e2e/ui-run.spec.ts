/**
 * Run… and Run again in the window, driven as a person would: a program started on a
 * pseudo-terminal or with pipes as a new session, a command that is not there said in
 * the dialog, Run again at once for what Porthole started and only after confirming
 * for a command a program named itself, and the reason where starting programs is off.
 * Screenshots of the dialog at two sizes and both colour schemes go to test-results
 * (and docs/run.png with PORTHOLE_SCREENSHOTS=1).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ROOT } from './fixtures/serve.ts';
import { expect, test } from './helpers/test.ts';
import { openUi, replyBox, rowTexts, sendReply, sessionItems, transcript } from './helpers/ui.ts';

const runButton = (page: Page) => page.getByRole('button', { name: 'Run…' });
const dialog = (page: Page) => page.getByRole('dialog', { name: 'Run a program' });
const header = (page: Page) => page.locator('.session-header');

async function runProgram(page: Page, command: string, folder: string, pty: boolean): Promise<void> {
  await runButton(page).click();
  await dialog(page).getByRole('textbox', { name: 'Command' }).fill(command);
  await dialog(page).getByRole('textbox', { name: 'Folder' }).fill(folder);
  const box = dialog(page).getByRole('checkbox', { name: 'Terminal (pty)' });
  if (await box.isEnabled()) await box.setChecked(pty);
  await dialog(page).getByRole('button', { name: 'Run', exact: true }).click();
}

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'porthole-run-e2e-'));
  writeFileSync(join(dir, 'ask.py'), 'import os\nprint("in", os.path.basename(os.getcwd()))\nname = input("Name? ")\nprint("Hello,", name)\nraise SystemExit(3)\n');
  return realpathSync(dir);
}

test.describe('with --allow-run', () => {
  test.use({ serveArgs: ['--allow-run'] });

  test('Run… a Python REPL on a terminal: >>> at once, 6*7 gives 42', async ({ page, uiUrl }) => {
    await openUi(page, uiUrl);
    await runButton(page).click();
    const pty = dialog(page).getByRole('checkbox', { name: 'Terminal (pty)' });
    if (await pty.isDisabled()) {
      console.log(`skipped: no pseudo-terminal here: ${await dialog(page).locator('#run-pty-off').textContent()}`);
      test.skip();
    }
    await page.keyboard.press('Escape');
    await runProgram(page, 'python3 -i', tmpdir(), true);
    await expect(dialog(page)).toHaveCount(0);
    await expect(transcript(page)).toContainText('>>>', { timeout: 15_000 });
    await expect(header(page).getByText('terminal', { exact: true })).toBeVisible();
    await sendReply(page, '6*7');
    await expect.poll(() => rowTexts(page, 'out'), { timeout: 10_000 }).toContain('42');
    // Opened by its shortcut from the reply box, Escape goes back there.
    await replyBox(page).focus();
    await page.keyboard.press('Alt+n');
    await expect(dialog(page).getByRole('textbox', { name: 'Command' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog(page)).toHaveCount(0);
    await expect(replyBox(page)).toBeFocused();
  });

  test('Run… with pipes: output, a reply, the exit status; then Run again starts it anew, selected', async ({ page, uiUrl }) => {
    const dir = project();
    await openUi(page, uiUrl);
    await runProgram(page, 'python3 ask.py', dir, false);
    await expect(transcript(page)).toContainText('Name? ', { timeout: 15_000 });
    expect(await rowTexts(page, 'out')).toContain(`in ${dir.split('/').pop()}`);
    await sendReply(page, 'Ada');
    await expect(transcript(page)).toContainText('Hello, Ada');
    await expect(transcript(page)).toContainText('program exited with status 3');
    await expect(sessionItems(page)).toHaveCount(1);

    const again = header(page).getByRole('button', { name: 'Run again' });
    await expect(again).toHaveAttribute('title', /Alt\+Shift\+R/);
    await again.click();
    await expect(sessionItems(page)).toHaveCount(2);
    // The new run is on screen: its prompt, not the old run's answer.
    await expect(transcript(page)).toContainText('Name? ', { timeout: 15_000 });
    await expect(transcript(page)).not.toContainText('Hello, Ada');
    // Remembered among the recent commands, chosen with one click.
    await runButton(page).click();
    await expect(dialog(page).getByRole('button', { name: /python3 ask\.py/ })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog(page)).toHaveCount(0);
    await expect(runButton(page)).toBeFocused();
  });

  test('a command that is not there is said once, in the dialog, which stays open; nothing starts', async ({ page, uiUrl }) => {
    await openUi(page, uiUrl);
    // The empty screen offers it too, in a narrow window as well (the sidebar folded away).
    await page.setViewportSize({ width: 700, height: 800 });
    await page.getByRole('button', { name: 'Run a program…' }).click();
    await expect(dialog(page)).toBeVisible();
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1280, height: 800 });
    await runProgram(page, 'no-such-program-here --flag', tmpdir(), false);
    const alert = dialog(page).getByRole('alert');
    await expect(alert).toHaveText('no-such-program-here: command not found on the PATH');
    await expect(page.getByRole('alert')).toHaveCount(1);
    await expect(dialog(page)).toBeVisible();
    await dialog(page).getByRole('textbox', { name: 'Folder' }).fill('/no/such/folder');
    await dialog(page).getByRole('textbox', { name: 'Command' }).fill('python3 -V');
    await dialog(page).getByRole('button', { name: 'Run', exact: true }).click();
    await expect(alert).toHaveText('no such folder: /no/such/folder');
    await expect(sessionItems(page)).toHaveCount(0);

    // Screenshots of the dialog as it is used.
    await dialog(page).getByRole('textbox', { name: 'Folder' }).fill(tmpdir());
    await dialog(page).getByRole('textbox', { name: 'Command' }).fill('python3 -i');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [w, h] of [[1280, 800], [700, 800]] as const) {
        await page.setViewportSize({ width: w, height: h });
        await page.waitForTimeout(100);
        await page.screenshot({ path: test.info().outputPath(`run-${w}x${h}-${scheme}.png`) });
        if (process.env.PORTHOLE_SCREENSHOTS && scheme === 'light' && w === 1280) await page.screenshot({ path: join(ROOT, 'docs', 'run.png') });
      }
    }
  });

  test('Run again of a command a program named itself asks first, showing it; Cancel runs nothing', async ({ page, uiUrl, listenPort }) => {
    const dir = project();
    await openUi(page, uiUrl);
    const outside = spawn(process.execPath, [join(ROOT, 'bin/porthole.js'), 'run', '--port', String(listenPort), '--', 'python3', '-c', 'print("from a terminal")'], { cwd: dir, stdio: 'ignore' });
    try {
      await expect(transcript(page)).toContainText('from a terminal', { timeout: 15_000 });
      await expect(transcript(page)).toContainText('program exited with status 0');
      await header(page).getByRole('button', { name: 'Run again' }).click();
      const ask = page.getByRole('dialog', { name: 'Run this command again?' });
      await expect(ask).toContainText(`python3 -c 'print("from a terminal")'`);
      await expect(ask).toContainText(dir);
      await ask.getByRole('button', { name: 'Cancel' }).click();
      await expect(ask).toHaveCount(0);
      await page.waitForTimeout(300);
      await expect(sessionItems(page)).toHaveCount(1);
      // With the shortcut this time, and confirmed.
      await transcript(page).focus();
      await page.keyboard.press('Alt+Shift+R');
      await ask.getByRole('button', { name: 'Run', exact: true }).click();
      await expect(sessionItems(page)).toHaveCount(2);
      await expect(transcript(page)).toContainText('from a terminal');
    } finally {
      outside.kill();
    }
  });
});

test('without --allow-run, Run… says why and nothing can start', async ({ page, uiUrl }) => {
  await openUi(page, uiUrl);
  await expect(runButton(page)).toHaveAttribute('title', /--allow-run.*\(Alt\+N\)$/);
  await expect(page.getByRole('button', { name: 'Run a program…' })).toHaveCount(0);
  await page.keyboard.press('Alt+n');
  await expect(dialog(page).getByRole('alert')).toContainText('porthole serve --allow-run');
  await expect(dialog(page).getByRole('textbox', { name: 'Command' })).toHaveCount(0);
  await dialog(page).getByRole('button', { name: 'Close' }).click();
  await expect(sessionItems(page)).toHaveCount(0);
});

test('the actions show their shortcuts in their tooltips, and the shortcuts act', async ({ page, uiUrl, python, listenPort }) => {
  await openUi(page, uiUrl);
  await expect(page.getByRole('button', { name: 'Connect…' })).toHaveAttribute('title', /\(Alt\+C\)$/);
  await page.keyboard.press('Alt+c');
  await expect(page.getByRole('textbox', { name: 'Connect host' })).toBeFocused();
  await page.getByRole('button', { name: 'Cancel' }).click();
  python.run('echo_lines.py', [listenPort, 3]);
  await expect(transcript(page)).toContainText('say something');
  await expect(header(page).getByRole('button', { name: 'Plot' })).toHaveAttribute('title', /\(Alt\+P\)$/);
  await expect(header(page).getByRole('button', { name: 'Auto-responses' })).toHaveAttribute('title', /\(Alt\+A\)$/);
  const close = page.getByRole('button', { name: 'Close', exact: true });
  await expect(close).toHaveAttribute('title', /\(Alt\+X\)$/);
  await transcript(page).focus();
  await page.keyboard.press('Alt+p');
  await expect(header(page).getByRole('button', { name: 'Plot' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Alt+a');
  await expect(header(page).getByRole('button', { name: 'Auto-responses' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Alt+x');
  await expect(close).toBeDisabled();
  await expect(replyBox(page)).toBeDisabled();
});
