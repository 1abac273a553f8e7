/**
 * The plot panel against real scripts in browser mode: series appear as a script
 * prints them, toggle off, a clicked point shows its row, zooming stops following and
 * Follow resumes it, other sessions are added, and the picture and the series export.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './helpers/test.ts';
import { openUi, sendReply, sessionItems, transcript } from './helpers/ui.ts';

const plot = (page: Page): Locator => page.getByRole('region', { name: 'Plot' });
const legendBox = (page: Page, name: string | RegExp): Locator =>
  plot(page).getByRole('list', { name: 'Series' }).getByRole('checkbox', { name, exact: typeof name === 'string' });

/** Pixels of the chart's canvas within a small distance of the colour of a series' swatch. */
async function pixelsOf(page: Page, series: string): Promise<number> {
  const color = await plot(page).getByRole('listitem').filter({ hasText: series }).first().locator('.plot-swatch')
    .evaluate((el) => getComputedStyle(el).backgroundColor);
  return plot(page).locator('canvas').evaluate((canvas: HTMLCanvasElement, css) => {
    const [r, g, b] = css.match(/\d+/g)!.map(Number);
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 200 && Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 40) n++;
    }
    return n;
  }, color);
}

async function openPlot(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Plot' }).click();
  await expect(plot(page)).toBeVisible();
  await expect(plot(page).getByRole('button', { name: 'Follow' })).toBeVisible();
}

test('a live sensor: temp and hum appear within a second, toggle, show their rows, zoom and follow', async ({ page, uiUrl, listenPort, python }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openUi(page, uiUrl);
  const sensor = python.run('sensor.py', [listenPort, 200, 0, 'wait']);
  await expect(transcript(page)).toContainText('Press Enter to start the sensor');
  await openPlot(page);
  await sendReply(page, '');
  await sensor.waitForStdout('started');
  const t0 = Date.now();
  await expect(legendBox(page, 'temp')).toBeVisible({ timeout: 1_000 });
  await expect(legendBox(page, 'hum')).toBeVisible({ timeout: Math.max(1, 1_000 - (Date.now() - t0)) });
  // The script's own clock is listed, not drawn.
  await expect(legendBox(page, 't')).not.toBeChecked();
  await expect(legendBox(page, 'temp')).toBeChecked();
  await expect.poll(() => pixelsOf(page, 'hum')).toBeGreaterThan(30);
  await expect.poll(() => pixelsOf(page, 'temp')).toBeGreaterThan(30);

  // Toggling a series hides its line (and showing it again draws it).
  await legendBox(page, 'hum').uncheck();
  await expect.poll(() => pixelsOf(page, 'hum')).toBe(0);
  expect(await pixelsOf(page, 'temp')).toBeGreaterThan(30);
  await legendBox(page, 'hum').check();
  await expect.poll(() => pixelsOf(page, 'hum')).toBeGreaterThan(30);

  // Clicking a point shows its row in the transcript.
  await page.waitForTimeout(1_500);
  const over = plot(page).locator('.u-over');
  const box = (await over.boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.5);
  const picked = plot(page).locator('.plot-picked');
  await expect(picked).toHaveText(/^Shown in the transcript: (temp|hum) [\d.]+ at row [\d,]+$/);
  const [, name, value, rowText] = /: (\w+) ([\d.]+) at row ([\d,]+)$/.exec((await picked.textContent())!)!;
  const index = Number(rowText.replace(/,/g, '')) - 1;
  const row = transcript(page).locator(`.row[data-index="${index}"] .text`);
  await expect(row).toBeVisible();
  const printed = new RegExp(`${name}=([\\d.]+)`).exec((await row.textContent())!)!;
  expect(Number(printed[1])).toBeCloseTo(Number(value), 6);

  // Dragging zooms and stops following; the range then stays put while rows arrive.
  const follow = plot(page).getByRole('button', { name: 'Follow' });
  await expect(follow).toHaveAttribute('aria-pressed', 'true');
  const range = plot(page).locator('.plot-range');
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 6 });
  await page.mouse.up();
  await expect(follow).toHaveAttribute('aria-pressed', 'false');
  const zoomed = await range.textContent();
  await page.waitForTimeout(600);
  await expect(range).toHaveText(zoomed!);
  // Follow: the view runs with the newest numbers again.
  await follow.click();
  await expect(follow).toHaveAttribute('aria-pressed', 'true');
  const following = await range.textContent();
  await expect(range).not.toHaveText(following!);
  await expect(range).not.toHaveText(zoomed!);
  // Reset shows everything, still following; Row puts row numbers on the x axis.
  await plot(page).getByRole('button', { name: 'Reset' }).click();
  await plot(page).getByRole('button', { name: 'Row' }).click();
  // From the first row with numbers (after the connection note, the prompt and the reply) to the newest.
  await expect(range).toHaveText(/^rows [2-9]–[\d,]+$/);
});

test('two sessions in one plot, exported as PNG and as CSV', async ({ page, uiUrl, listenPort, python }) => {
  await openUi(page, uiUrl);
  python.run('sensor.py', [listenPort, 50, 0]);
  await expect(sessionItems(page)).toHaveCount(1);
  python.run('sensor.py', [listenPort, 50, 0]);
  await expect(sessionItems(page)).toHaveCount(2);
  await sessionItems(page).first().click();
  await openPlot(page);
  await expect(legendBox(page, 'temp')).toBeVisible();
  const picker = plot(page).getByRole('combobox', { name: 'Add a session to the plot' });
  // Both scripts are named sensor.py: the session's number tells their series apart.
  const other = (await picker.locator('option').nth(1).textContent())!;
  const otherId = /#(\d+)$/.exec(other)![1];
  await picker.selectOption({ index: 1 });
  await expect(plot(page).getByRole('list', { name: 'Plotted sessions' }).getByRole('listitem')).toHaveCount(2);
  await expect(legendBox(page, `temp · sensor.py #${otherId}`)).toBeVisible();
  await expect(legendBox(page, /^hum · sensor\.py #\d+$/)).toHaveCount(2);

  const png = page.waitForEvent('download');
  await plot(page).getByRole('button', { name: 'Export PNG' }).click();
  const pngFile = await (await png).path();
  const bytes = readFileSync(pngFile);
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  expect(bytes.readUInt32BE(16)).toBeGreaterThan(300);

  await legendBox(page, `temp · sensor.py #${otherId}`).uncheck();
  const csv = page.waitForEvent('download');
  await plot(page).getByRole('button', { name: 'Export CSV' }).click();
  const download = await csv;
  expect(download.suggestedFilename()).toMatch(/^porthole-plot-[\d-]+\.csv$/);
  const lines = readFileSync(await download.path(), 'utf8').trimEnd().split('\n');
  const header = lines[0].split(',');
  expect(header.slice(0, 3)).toEqual(['session', 'row', 'time']);
  expect(header).toHaveLength(6);
  expect(header).toContain(`hum · sensor.py #${otherId}`);
  expect(header).not.toContain(`temp · sensor.py #${otherId}`);
  expect(header.filter((h) => /^(temp|hum) · /.test(h))).toHaveLength(3);
  // Rows of both sessions, each value where its column is and blank elsewhere.
  const sessions = new Set(lines.slice(1).map((l) => l.split(',')[0]));
  expect(sessions.size).toBe(2);
  for (const l of lines.slice(1, 50)) {
    const cells = l.split(',');
    expect(cells).toHaveLength(header.length);
    expect(cells[2]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(cells.slice(3).filter((c) => c !== '').length).toBeGreaterThan(0);
  }
});
