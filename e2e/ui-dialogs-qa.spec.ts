/**
 * Save as test in the window: a session's steps are shown, a line with the time in it
 * becomes a pattern, the file saved is a valid dialog, and `porthole replay` passes it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDialog } from '../shared/dialog.ts';
import { expect, test } from './helpers/test.ts';
import { openUi, sendReply, transcript } from './helpers/ui.ts';

const REPO = join(import.meta.dirname, '..');

test('Save as test: steps shown, a line turned into a pattern, the saved file replays', async ({ page, uiUrl, listenPort }) => {
  const dir = mkdtempSync(join(tmpdir(), 'porthole-qa-e2e-'));
  const script = join(dir, 'quiz.py');
  writeFileSync(script, 'import time, sys\nprint("quiz at", time.strftime("%H:%M:%S") + " sharp")\nprint("seed", time.time_ns() % 1000)\na = input("2+2? ")\nprint("right" if a == "4" else "wrong")\nsys.exit(5)\n');
  await openUi(page, uiUrl);
  const run = spawn(process.execPath, [join(REPO, 'bin/porthole.js'), 'run', '--port', String(listenPort), '--name', 'quiz', '--', 'python3', script], {
    cwd: REPO, env: { ...process.env, PORTHOLE_HOST: '', PORTHOLE_PORT: '' }, stdio: 'ignore',
  });
  try {
    await expect(transcript(page)).toContainText('2+2?', { timeout: 15_000 });
    await sendReply(page, '4');
    await expect(transcript(page)).toContainText('exited with status 5', { timeout: 10_000 });

    await page.getByRole('button', { name: 'Save as test' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save as test' });
    await expect(dialog).toContainText(`python3 ${script}`);
    await expect(dialog.locator('[data-step="1"]')).toContainText('then send 4');
    await expect(dialog.locator('[data-step="2"]')).toContainText('right');
    await expect(dialog).toContainText('exit status 5');
    // The time was proposed as a mask already.
    await expect(dialog.getByRole('textbox', { name: 'Pattern of line 1 of step 1' })).toHaveValue('quiz at {time} sharp');
    // The seed is not volatile-looking: turned into a pattern by hand, then edited.
    const seedLine = dialog.locator('.save-test-line', { hasText: 'seed' });
    await seedLine.getByRole('button', { name: 'Pattern' }).click();
    const seed = dialog.getByRole('textbox', { name: 'Pattern of line 2 of step 1' });
    await expect(seed).toHaveValue(/^seed \d+$/);
    await seed.fill('seed {num}');
    // A pattern that no longer fits its line says so.
    await seed.fill('seed {hex}x');
    await expect(dialog).toContainText('does not match');
    await seed.fill('seed {num}');
    await expect(dialog).not.toContainText('does not match');

    await dialog.getByRole('textbox', { name: 'Working directory' }).fill(dir);
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Save' }).click()]);
    expect(download.suggestedFilename()).toBe('quiz.dialog.json');
    const file = join(dir, 'quiz.dialog.json');
    await download.saveAs(file);
    const d = parseDialog(readFileSync(file, 'utf8'));
    expect(d.steps[0]).toEqual({ expect: [{ mask: 'quiz at {time} sharp' }, { mask: 'seed {num}' }, '2+2? '], send: '4' });
    expect(d.end).toEqual({ eof: true, exit: 5 });
    expect(d.program).toEqual({ command: ['python3', script], cwd: dir });
    await expect(dialog).toHaveCount(0);

    const replay = spawnSync(process.execPath, [join(REPO, 'bin/porthole.js'), 'replay', file], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
    expect(replay.stdout).toContain('PASS');
    expect(replay.status).toBe(0);
  } finally {
    run.kill('SIGKILL');
  }
});

test('Check against test: the steps beside the transcript turn green when met, red when missed', async ({ page, uiUrl, listenPort }) => {
  const dir = mkdtempSync(join(tmpdir(), 'porthole-qa-e2e-'));
  const script = join(dir, 'ask.py');
  writeFileSync(script, 'a = input("Color? ")\nprint("You chose", a)\nb = input("Size? ")\nprint("Size", b)\n');
  const file = join(dir, 'ask.dialog.json');
  writeFileSync(file, JSON.stringify({
    'porthole-dialog': 1, name: 'ask', program: { command: ['python3', script] },
    steps: [{ expect: ['Color? '], send: 'red' }, { expect: [{ mask: 'You chose {*}' }, 'Size? '], send: 'L' }, { expect: ['Size XL'] }],
  }));
  await openUi(page, uiUrl);
  const run = spawn(process.execPath, [join(REPO, 'bin/porthole.js'), 'run', '--port', String(listenPort), '--name', 'ask', '--', 'python3', script], {
    cwd: REPO, env: { ...process.env, PORTHOLE_HOST: '', PORTHOLE_PORT: '' }, stdio: 'ignore',
  });
  try {
    await expect(transcript(page)).toContainText('Color?', { timeout: 15_000 });
    await page.getByLabel('Dialog file to check against').setInputFiles(file);
    const steps = page.getByRole('complementary', { name: 'Test steps' }).locator('.dialog-check-step');
    await expect(steps).toHaveCount(3);
    await expect(steps.nth(0)).toHaveAttribute('data-state', 'met');
    await expect(steps.nth(1)).toHaveAttribute('data-state', 'pending');
    await sendReply(page, 'blue');
    await expect(steps.nth(1)).toHaveAttribute('data-state', 'met');
    await sendReply(page, 'L');
    await expect(transcript(page)).toContainText('Size L');
    // "Size L" is not the "Size XL" the dialog expects.
    await expect(steps.nth(2)).toHaveAttribute('data-state', 'missed', { timeout: 10_000 });
    await expect(steps.nth(2)).toContainText('got "Size L"');
    await expect(steps.nth(2)).toHaveCSS('border-left-color', 'rgb(192, 57, 43)');
    await expect(steps.nth(0)).toHaveCSS('border-left-color', 'rgb(46, 158, 79)');
  } finally {
    run.kill('SIGKILL');
  }
});
