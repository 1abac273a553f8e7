// The plot of a large numeric session alone, in browser mode and headless Chromium (also part of `npm run bench:ui`).
import type { Browser, Page } from 'playwright-core';
import { ensureRendererBuilt, startApp, type App } from './lib/app.ts';
import { launchBrowser } from './lib/browser.ts';
import { runBench } from './lib/main.ts';
import { openApp } from './measure/render.ts';
import { log } from './sections/baselines.ts';
import { plotSection } from './sections/plot-section.ts';

await runBench('Porthole plot benchmark', [async (report, opts) => {
  let browser: Browser | null = null;
  let app: App | null = null;
  let page: Page | null = null;
  try {
    await plotSection(report, opts, async () => {
      browser ??= await launchBrowser(opts.chromium);
      if (!app) {
        ensureRendererBuilt(log);
        app = await startApp();
      }
      page ??= await openApp(browser, app);
      return { app, page };
    });
  } finally {
    await (app as App | null)?.close().catch(() => {});
    await (browser as Browser | null)?.close().catch(() => {});
  }
}]);
