/**
 * Replay… in the window: a dialog file opened in the page runs its program as a new
 * session, and the steps beside the transcript turn green as they are met, or red with
 * expected against got where the program has changed (which is then stopped).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ROOT } from './fixtures/serve.ts';
import { expect, test } from './helpers/test.ts';
import { openUi, sessionItems, transcript } from './helpers/ui.ts';

test.use({ serveArgs: ['--allow-run'] });

const GREET = `import os, time
print("greeter started, pid", os.getpid())
name = input("Name? ")
n = int(input("Number? "))
time.sleep(1.5)
print(f"Hello, {name}!")
print(f"{n} squared is {n * n}")
raise SystemExit(3)
`;

const DIALOG = {
  'porthole-dialog': 1,
  name: 'greet',
  program: { command: ['python3', 'greet.py'], cwd: '.' },
  steps: [
    { expect: [{ mask: 'greeter started, pid {pid}' }, 'Name? '], send: 'Ada' },
    { expect: ['Number? '], send: '7' },
    { expect: ['Hello, Ada!', '7 squared is 49'] },
  ],
  end: { eof: true, exit: 3 },
};

function project(program: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'porthole-replay-e2e-'));
  writeFileSync(join(dir, 'greet.py'), program);
  const file = join(dir, 'greet.dialog.json');
  writeFileSync(file, `${JSON.stringify(DIALOG, null, 2)}\n`);
  return { dir, file };
}

async function replay(page: Page, file: string, folder: string): Promise<void> {
  await page.locator('input[type="file"][aria-label="Dialog file to replay"]').setInputFiles(file);
  const form = page.getByRole('form', { name: 'Replay greet.dialog.json' });
  await expect(form).toContainText('runs python3 greet.py in .');
  await form.getByRole('textbox', { name: 'Folder of the dialog file' }).fill(folder);
  await form.getByRole('button', { name: 'Replay' }).click();
  await expect(form).toHaveCount(0);
}

const steps = (page: Page) => page.getByRole('complementary', { name: 'Replay steps' });
const step = (page: Page, i: number) => steps(page).locator('.replay-step').nth(i);

test('Replay…: the dialog runs as a new session, its steps turning green one by one', async ({ page, uiUrl }) => {
  const { dir, file } = project(GREET);
  await openUi(page, uiUrl);
  await expect(page.getByRole('button', { name: 'Replay…' })).toBeEnabled();
  await replay(page, file, dir);

  // The new session is shown, with the steps beside its transcript.
  await expect(sessionItems(page)).toHaveCount(1);
  await expect(steps(page)).toContainText('greet.dialog.json');
  await expect(step(page, 0)).toContainText('greeter started, pid {pid}');
  await expect(step(page, 0)).toContainText('then sends Ada');
  // The program waits before its last lines: the first steps have passed, the third is being waited for.
  await expect(step(page, 2)).toHaveAttribute('data-status', 'running', { timeout: 15_000 });
  await expect(step(page, 0)).toHaveAttribute('data-status', 'pass');
  await expect(step(page, 1)).toHaveAttribute('data-status', 'pass');
  await expect(step(page, 0)).toContainText('passed');
  await expect(steps(page).getByRole('status')).toHaveText('Running: step 3 of 4');
  await expect(steps(page).getByRole('button', { name: 'Stop' })).toBeVisible();

  await expect(steps(page).getByRole('status')).toHaveText('Passed', { timeout: 15_000 });
  for (let i = 0; i < 4; i++) await expect(step(page, i)).toHaveAttribute('data-status', 'pass');
  await expect(step(page, 3)).toContainText('The end: EOF, exit status 3');
  await expect(steps(page).getByRole('button', { name: 'Stop' })).toHaveCount(0);
  // The replies are in the transcript, as auto replies.
  await expect(transcript(page).locator('.row.auto')).toHaveText([/Ada/, /7/]);
  await expect(transcript(page)).toContainText('7 squared is 49');
  await expect(transcript(page)).toContainText('exited with status 3');

  // The folder is remembered for the next dialog.
  await page.locator('input[type="file"][aria-label="Dialog file to replay"]').setInputFiles(file);
  await expect(page.getByRole('textbox', { name: 'Folder of the dialog file' })).toHaveValue(dir);
  await page.getByRole('form', { name: 'Replay greet.dialog.json' }).getByRole('button', { name: 'Cancel' }).click();

  await shoot(page, 'pass');
});

test('a changed program: the step that differs turns red with expected against got, and the program is stopped', async ({ page, uiUrl }) => {
  const { dir, file } = project(GREET.replace('name = input', 'print("Welcome!")\nname = input'));
  await openUi(page, uiUrl);
  await replay(page, file, dir);
  await expect(steps(page).getByRole('status')).toHaveText('Failed', { timeout: 15_000 });
  await expect(step(page, 0)).toHaveAttribute('data-status', 'fail');
  await expect(step(page, 0)).toContainText('failed');
  await expect(step(page, 0)).toContainText('line 2 differs');
  const diff = step(page, 0).getByLabel('Expected against got');
  await expect(diff).toContainText('expected  "Name? "');
  await expect(diff).toContainText('got       "Welcome!"');
  for (let i = 1; i < 4; i++) await expect(step(page, i)).toHaveAttribute('data-status', 'skip');
  // The program was waiting for a name: stopped, its transcript kept.
  await expect(page.locator('.session-header .session-state')).toHaveText(/closed/i, { timeout: 10_000 });
  await expect(transcript(page)).toContainText('Welcome!');
  await shoot(page, 'fail');

  // Closing the steps leaves the transcript.
  await steps(page).getByRole('button', { name: 'Close the replay steps' }).click();
  await expect(steps(page)).toHaveCount(0);
  await expect(transcript(page)).toContainText('Welcome!');
});

test('a file that is not a dialog is said so, and nothing starts', async ({ page, uiUrl }) => {
  const dir = mkdtempSync(join(tmpdir(), 'porthole-replay-e2e-'));
  const file = join(dir, 'broken.dialog.json');
  writeFileSync(file, '{"porthole-dialog": 1, "steps": [}');
  await openUi(page, uiUrl);
  await page.locator('input[type="file"][aria-label="Dialog file to replay"]').setInputFiles(file);
  await expect(page.getByRole('alert')).toContainText('broken.dialog.json is not a dialog file: $: not valid JSON');
  await expect(sessionItems(page)).toHaveCount(0);
});

test.describe('without --allow-run', () => {
  test.use({ serveArgs: [] });
  test('Replay… is off, and says why', async ({ page, uiUrl }) => {
    await openUi(page, uiUrl);
    const button = page.getByRole('button', { name: 'Replay…' });
    await expect(button).toBeDisabled();
    await expect(button).toHaveAttribute('title', /--allow-run/);
  });
});

/** Screenshots at two widths, light and dark, where asked for (PORTHOLE_SHOTS=dir); docs/replay.png with PORTHOLE_SCREENSHOTS. */
async function shoot(page: Page, name: string): Promise<void> {
  const dir = process.env.PORTHOLE_SHOTS;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    for (const [w, h] of [[1280, 800], [700, 800]]) {
      for (const scheme of ['light', 'dark'] as const) {
        await page.setViewportSize({ width: w, height: h });
        await page.emulateMedia({ colorScheme: scheme });
        await page.screenshot({ path: join(dir, `replay-${name}-${w}x${h}-${scheme}.png`) });
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'light' });
  }
  if (process.env.PORTHOLE_SCREENSHOTS && name === 'fail') {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: join(ROOT, 'docs', 'replay.png') });
  }
}
