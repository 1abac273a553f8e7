// The xterm.js peer and the page instruments in real headless Chromium.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../lib/browser.ts';
import { enterLatencyPlain } from './latency.ts';
import { renderXterm } from './render.ts';

const CHROMIUM = process.env.PORTHOLE_CHROMIUM ?? '/usr/bin/chromium';

describe.skipIf(!existsSync(CHROMIUM))('xterm.js peer page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser(CHROMIUM);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the last line of a flood and reports speed, frames and memory', async () => {
    const r = await renderXterm(browser, 5_000, 20_000);
    expect(r.lines).toBe(5_000);
    expect(r.ms).toBeGreaterThan(0);
    expect(r.frameP95Ms).toBeGreaterThan(0);
    expect(r.memory).toBeGreaterThanOrEqual(r.jsHeap);
    expect(r.jsHeap).toBeGreaterThan(100_000);
  });

  it('carries Enter in its Reply box to the script', async () => {
    const r = await enterLatencyPlain(browser, 5);
    expect(r.missing).toBe(0);
    expect(r.p99).toBeLessThan(1_000);
  });
});
