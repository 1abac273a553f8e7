/**
 * The classic dialogs of SPEC section 2, with unmodified classic clients (socket.makefile,
 * block-buffered text) in real Python, answered by typing in the Reply box.
 */
import { expect, test } from './helpers/test.ts';
import { freePort } from './helpers/python.ts';
import { openUi, replyBox, rowTexts, sendReply, sessionItems, transcript } from './helpers/ui.ts';

test.describe('the five classic dialogs', () => {
  test('1, output only: each line shows as it arrives, in order', async ({ page, uiUrl, listenPort, python }) => {
    await openUi(page, uiUrl);
    const script = python.run('dialog.py', [1, listenPort, 5]);
    await expect.poll(() => rowTexts(page, 'out')).toEqual(['client: 0', 'client: 1', 'client: 2', 'client: 3', 'client: 4']);
    expect(await script.exited).toBe(0);
    // Its exit reaches Porthole as end of file (TCP cannot tell an exit from a half-close).
    await expect(sessionItems(page).first()).toContainText('finished sending');
  });

  test('2, input only: each reply typed satisfies one input()', async ({ page, uiUrl, listenPort, python }) => {
    await openUi(page, uiUrl);
    const script = python.run('dialog.py', [2, listenPort]);
    await script.waitForStdout('connected');
    for (const word of ['alpha', 'beta', 'gamma']) {
      await sendReply(page, word);
      await script.waitForStdout(`got: ${word}`);
    }
    await script.waitForStdout('done');
    expect(await script.exited).toBe(0);
    await expect.poll(() => rowTexts(page, 'sent')).toEqual(['alpha', 'beta', 'gamma']);
    // The script's own output went to its terminal, not to Porthole.
    expect(await rowTexts(page, 'out')).toEqual([]);
  });

  test('3, both ways, the script speaks first', async ({ page, uiUrl, listenPort, python }) => {
    await openUi(page, uiUrl);
    const script = python.run('dialog.py', [3, listenPort]);
    for (let i = 0; i < 3; i++) {
      await expect(transcript(page)).toContainText(`client: ${i}`);
      await sendReply(page, `answer ${i}`);
      await script.waitForStdout(`got: answer ${i}`);
    }
    expect(await script.exited).toBe(0);
    await expect.poll(() => rowTexts(page)).toEqual(expect.arrayContaining(['client: 0', 'answer 0', 'client: 1', 'answer 1', 'client: 2', 'answer 2']));
    const rows = (await rowTexts(page)).filter((t) => /^(client|answer) \d$|^client: \d$/.test(t));
    expect(rows).toEqual(['client: 0', 'answer 0', 'client: 1', 'answer 1', 'client: 2', 'answer 2']);
  });

  test('4, both ways, the script listens: Connect… retries until it is up, then the person speaks first', async ({ page, uiUrl, python }) => {
    await openUi(page, uiUrl);
    const port = await freePort();
    await page.getByRole('button', { name: 'Connect…' }).click();
    const form = page.getByRole('form', { name: 'Connect to a listening script' });
    await form.getByRole('textbox', { name: 'Connect host' }).fill('localhost');
    await form.getByRole('textbox', { name: 'Connect port' }).fill(String(port));
    await form.getByRole('button', { name: 'Connect', exact: true }).click();
    // Nothing listens yet: Porthole is trying, and keeps trying.
    const attempts = page.getByRole('list', { name: 'Connections being made' });
    await expect(attempts).toContainText(`localhost:${port}`);
    await expect(attempts).toContainText(/attempt [2-9]/);
    const script = python.run('dialog.py', [4, port]);
    await script.waitForStdout('listening');
    await expect(sessionItems(page)).toHaveCount(1);
    for (const word of ['one', 'two', 'three']) {
      await sendReply(page, word);
      await expect(transcript(page)).toContainText(`server got: ${word}`);
    }
    expect(await script.exited).toBe(0);
    expect(script.stdout()).toContain('got: three');
  });

  test('5, both ways, Porthole speaks first', async ({ page, uiUrl, listenPort, python }) => {
    await openUi(page, uiUrl);
    const script = python.run('dialog.py', [5, listenPort]);
    await script.waitForStdout('connected');
    for (const word of ['red', 'green', 'blue']) {
      await sendReply(page, word);
      // The classic client does not flush after print; input() flushes it before the next read.
      await script.waitForStdout(`got: ${word}`);
    }
    expect(await script.exited).toBe(0);
    await expect.poll(() => rowTexts(page, 'out')).toEqual(['client got: red', 'client got: green', 'client got: blue']);
    await expect.poll(() => rowTexts(page, 'sent')).toEqual(['red', 'green', 'blue']);
  });
});

test('five clients at once: five sessions, each with its own lines in order', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  const names = ['ant', 'bee', 'cat', 'dog', 'eel'];
  const lines = 8;
  const scripts = names.map((n) => python.run('talker.py', [listenPort, n, lines]));
  for (const s of scripts) expect(await s.exited).toBe(0);
  await expect(sessionItems(page)).toHaveCount(5);

  const seen: string[] = [];
  for (let k = 0; k < 5; k++) {
    await sessionItems(page).nth(k).getByRole('button').click();
    await expect(sessionItems(page).nth(k).getByRole('button')).toHaveAttribute('aria-current', 'true');
    await expect(transcript(page).locator('.row.out')).toHaveCount(lines);
    const out = await rowTexts(page, 'out');
    const name = out[0].split(' ')[0];
    expect(names).toContain(name);
    expect(out).toEqual(Array.from({ length: lines }, (_, i) => `${name} line ${i}`));
    seen.push(name);
  }
  expect(seen.sort()).toEqual(names);
});

test.describe('half-close', () => {
  test('the client shuts down its sending side: shown as finished sending, and a reply still reaches it', async ({ page, uiUrl, listenPort, python }) => {
    await openUi(page, uiUrl);
    const script = python.run('half_close.py', ['shut-wr', listenPort]);
    await script.waitForStdout('shut');
    await expect(transcript(page)).toContainText('nothing more from me');
    await expect(sessionItems(page).first()).toContainText('finished sending');
    await expect(page.getByRole('main')).toContainText('finished sending');
    // The lines it sent are all still there.
    expect(await rowTexts(page, 'out')).toEqual(['all my output', 'nothing more from me']);
    await sendReply(page, 'after your EOF');
    await script.waitForStdout('got: after your EOF');
    expect(await script.exited).toBe(0);
  });

  test('Send EOF ends the client\'s `for line in sys.stdin` loop and its final line arrives', async ({ page, uiUrl, listenPort, python }) => {
    await openUi(page, uiUrl);
    const script = python.run('half_close.py', ['stdin-loop', listenPort]);
    await expect(sessionItems(page)).toHaveCount(1);
    await sendReply(page, 'first');
    await expect(transcript(page)).toContainText('echo: first');
    await sendReply(page, 'second');
    await expect(transcript(page)).toContainText('echo: second');
    await page.getByRole('button', { name: 'Send EOF', exact: true }).click();
    await script.waitForStdout('loop ended');
    await expect(transcript(page)).toContainText('stdin ended after 2 lines');
    expect(await script.exited).toBe(0);
    // Nothing more can be sent once EOF is sent; the box says so.
    await expect(replyBox(page)).toBeDisabled();
  });
});

test('Close ends the session: the client\'s reads end, the session shows closed and stays readable', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  const script = python.run('half_close.py', ['stdin-loop', listenPort]);
  await expect(sessionItems(page)).toHaveCount(1);
  await sendReply(page, 'only line');
  await expect(transcript(page)).toContainText('echo: only line');
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  await script.waitForStdout('loop ended');
  await expect(sessionItems(page).first()).toContainText('closed');
  await expect(replyBox(page)).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Close', exact: true })).toBeDisabled();
  expect(await rowTexts(page, 'out')).toContain('echo: only line');
  expect(await rowTexts(page, 'sent')).toEqual(['only line']);
});

test('the next reply, typed while the previous one is still being confirmed, is kept and sent', async ({ page, uiUrl, listenPort, python }) => {
  // Hold back what the server tells the page, as a busy connection would, while typing on.
  let hold = false;
  const held: Array<() => void> = [];
  await page.routeWebSocket(() => true, (ws) => {
    const server = ws.connectToServer();
    server.onMessage((m) => (hold ? held.push(() => ws.send(m)) : ws.send(m)));
  });
  await openUi(page, uiUrl);
  const script = python.run('dialog.py', [5, listenPort]);
  await script.waitForStdout('connected');
  const box = replyBox(page);
  await expect(box).toBeEnabled();
  await box.pressSequentially('first');
  hold = true;
  await box.press('Enter');
  await script.waitForStdout('got: first');
  await box.pressSequentially('second');
  hold = false;
  held.splice(0).forEach((send) => send());
  await expect(transcript(page)).toContainText('client got: first');
  await expect(box).toHaveValue('second');
  await box.press('Enter');
  await script.waitForStdout('got: second');
  await expect(box).toHaveValue('');
});

test('a prompt without a newline shows at once beside the reply box, which takes focus', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  const script = python.run('prompt.py', [listenPort]);
  await script.waitForStdout('prompting');
  const prompt = page.locator('#reply-prompt');
  await expect(prompt).toContainText('Name?', { timeout: 3_000 });
  await expect(transcript(page).locator('.row.out.open')).toHaveText('Name? ');
  const box = replyBox(page);
  await expect(box).toBeFocused();
  await expect(box).toHaveAttribute('aria-describedby', 'reply-prompt');
  // Beside the box: directly above it, in the same column.
  const p = (await prompt.boundingBox())!;
  const b = (await box.boundingBox())!;
  expect(b.y - (p.y + p.height)).toBeGreaterThanOrEqual(-1);
  expect(b.y - (p.y + p.height)).toBeLessThan(40);
  // Focused, so typing goes straight into it.
  await page.keyboard.type('Ada');
  await page.keyboard.press('Enter');
  await script.waitForStdout('got: Ada');
  await expect(transcript(page)).toContainText('Hello, Ada!');
  await expect(prompt).toBeHidden();
});
