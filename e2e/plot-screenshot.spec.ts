/**
 * The README's picture of the plot (docs/plot.png): a live sensor plotted at 1280×800.
 * Written only when asked for: PORTHOLE_SCREENSHOTS=1 npx playwright test e2e/plot-screenshot.spec.ts
 */
import { join } from 'node:path';
import { ROOT } from './fixtures/serve.ts';
import { expect, test } from './helpers/test.ts';
import { openUi, sendReply, transcript } from './helpers/ui.ts';

test('docs/plot.png', async ({ page, uiUrl, listenPort, python }) => {
  test.skip(!process.env.PORTHOLE_SCREENSHOTS, 'writes docs/plot.png only when PORTHOLE_SCREENSHOTS=1');
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
  await openUi(page, uiUrl);
  python.run('sensor.py', [listenPort, 100, 0, 'wait']);
  await expect(transcript(page)).toContainText('Press Enter to start the sensor');
  await page.getByRole('button', { name: 'Plot' }).click();
  await sendReply(page, '');
  const plot = page.getByRole('region', { name: 'Plot' });
  await expect(plot.getByRole('checkbox', { name: 'hum' })).toBeVisible();
  await page.waitForTimeout(14_000);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const box = (await plot.locator('.u-over').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.62, box.y + box.height * 0.55);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(ROOT, 'docs', 'plot.png') });
});
