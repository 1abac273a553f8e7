/**
 * With Wrap lines on, costly output still makes no main-thread task over 50 ms: rows
 * take many lines and are measured, yet drawing stays within the frame budget. Tasks
 * are judged by their own main-thread CPU time, as in hostile-render.spec.ts.
 */
import type { Page } from '@playwright/test';
import { longest, takeLongTasks, traceCpu, watchLongTasks, type LongTask } from './helpers/long-tasks.ts';
import { expect, test } from './helpers/test.ts';
import { openUi, transcript } from './helpers/ui.ts';

const LIMIT_MS = 50;

test.use({ viewport: { width: 1280, height: 800 } });

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('porthole.view', JSON.stringify({ wrap: true })));
  await watchLongTasks(page);
});

const doneRow = (page: Page) => transcript(page).locator('.row.out .text').filter({ hasText: /^hostile render done$/ });

async function settled(page: Page): Promise<void> {
  await expect(transcript(page).locator('.row.loading')).toHaveCount(0);
  await expect(transcript(page).locator('.row[data-index]').first()).toBeVisible();
}

for (const [kind, amount] of [['nul', 30], ['sgr', 2000], ['line', 4]] as const) {
  test(`wrapped: ${kind} output`, async ({ page, browser, uiUrl, listenPort, python }) => {
    test.setTimeout(180_000);
    await openUi(page, uiUrl);
    await takeLongTasks(page);
    const seen: Record<string, LongTask[]> = {};
    const trace = await traceCpu(browser, page, async () => {
      const script = python.run('hostile_render.py', [listenPort, kind, amount]);
      await script.waitForStdout('sent', 120_000);
      await expect(doneRow(page)).toBeVisible({ timeout: 60_000 });
      await settled(page);
      seen.streaming = await takeLongTasks(page);
      await expect(page.getByRole('switch', { name: 'Wrap lines' })).toHaveAttribute('aria-checked', 'true');
      const log = transcript(page);
      await log.focus();
      await page.keyboard.press('Control+Home');
      await expect(log.locator('.row[data-index="0"]')).toBeVisible();
      await settled(page);
      for (let i = 0; i < 8; i++) {
        await page.keyboard.press('PageDown');
        await settled(page);
      }
      const box = (await log.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      for (let i = 0; i < 5; i++) {
        await page.mouse.wheel(0, 1500);
        await settled(page);
      }
      seen.scrolling = await takeLongTasks(page);
      await log.focus();
      await page.keyboard.press('Control+End');
      await expect(doneRow(page)).toBeVisible();
      await settled(page);
      seen['jumping to the end'] = await takeLongTasks(page);
    });
    const lines: string[] = [];
    const faults: string[] = [];
    for (const [phase, tasks] of Object.entries(seen)) {
      for (const t of tasks) t.cpu = trace.cpuOf(t);
      lines.push(`${phase}: ${tasks.length} task(s) over ${LIMIT_MS} ms (longest ${longest(tasks)} ms)${tasks.length ? `, CPU ${tasks.map((t) => t.cpu ?? '?').join('/')} ms` : ''}`);
      for (const t of tasks.filter((x) => x.cpu === undefined || x.cpu > LIMIT_MS)) faults.push(`${phase}: a task of ${t.duration} ms, ${t.cpu ?? 'unknown'} ms of it main-thread work`);
    }
    console.log(`${test.info().title}: ${lines.join('; ')}; longest CPU ${trace.longestCpu.toFixed(1)} ms`);
    expect(faults, 'tasks whose own work exceeded 50 ms').toEqual([]);
  });
}
