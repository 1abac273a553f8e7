/**
 * A program run with `porthole run --pty` in the window: its `>>>` prompt shows without
 * Send EOF, a reply is answered, the header says it runs on a terminal, no buffering
 * hint appears while it waits, and a password prompt turns the Reply box into a hidden
 * field whose text is recorded masked.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './helpers/test.ts';
import { openUi, replyBox, rowTexts, sendReply, transcript } from './helpers/ui.ts';

const REPO = join(import.meta.dirname, '..');

function runPty(port: number, args: string[]) {
  const child = spawn(process.execPath, [join(REPO, 'bin/porthole.js'), 'run', '--port', String(port), '--pty', ...args], {
    cwd: REPO, env: { ...process.env, PORTHOLE_HOST: '', PORTHOLE_PORT: '' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, exited };
}

test('python3 -i on a terminal: >>> at once, 6*7 answered, no buffering hint while it waits', async ({ page, uiUrl, listenPort }) => {
  await openUi(page, uiUrl);
  const run = runPty(listenPort, ['--name', 'repl', '--', 'python3', '-i', '-q']);
  try {
    await expect(transcript(page)).toContainText('>>>', { timeout: 15_000 });
    await expect(page.getByRole('main').getByText('terminal', { exact: true })).toBeVisible();
    await sendReply(page, '6*7');
    await expect.poll(async () => (await rowTexts(page, 'out')).map((t) => t.trim()), { timeout: 10_000 }).toContain('42');
    // Quiet at its prompt for longer than the hint's delay: no hint blames buffering.
    await page.waitForTimeout(3_500);
    await expect(page.getByRole('note').filter({ hasText: 'buffering' })).toHaveCount(0);
    await sendReply(page, 'exit()');
    expect(await run.exited).toBe(0);
  } finally {
    run.child.kill('SIGKILL');
  }
});

test('a getpass prompt hides what is typed and records it masked', async ({ page, uiUrl, listenPort }) => {
  const dir = mkdtempSync(join(tmpdir(), 'porthole-pty-e2e-'));
  const script = join(dir, 'login.py');
  writeFileSync(script, 'import getpass\npw = getpass.getpass("Password: ")\nprint("length", len(pw))\ninput("Press Enter ")\n');
  await openUi(page, uiUrl);
  const run = runPty(listenPort, ['--', 'python3', script]);
  try {
    await expect(transcript(page)).toContainText('Password:', { timeout: 15_000 });
    await expect(page.getByText('Input not echoed')).toBeVisible({ timeout: 5_000 });
    await expect(replyBox(page)).toHaveAccessibleDescription(/Input not echoed/);
    await expect(replyBox(page)).toHaveClass(/secret/);
    await sendReply(page, 'topsecret');
    await expect(transcript(page)).toContainText('length 9');
    expect(await rowTexts(page, 'sent')).toEqual(['•••••••••']);
    await expect(transcript(page)).not.toContainText('topsecret');
    // Echo is back on for the next prompt: the box shows text again.
    await expect(page.getByText('Input not echoed')).toHaveCount(0, { timeout: 5_000 });
  } finally {
    run.child.kill('SIGKILL');
  }
});
