/**
 * Worst-case rendering: output that is costly to show (colour-code bombs, NUL floods,
 * a line without end, `\r` progress lines) streamed into the app with its session on
 * screen, then Ctrl+Home to its first row. The longest main-thread task (Long Tasks
 * API: only tasks over 50 ms are reported) and the longest gap between animation
 * frames, in each phase. Baseline: plain 80-byte lines of the same size.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { App } from '../lib/app.ts';
import { escapeRegExp, startRecording, stopRecording, waitForText, watch, type Recording } from '../lib/browser.ts';
import { HERE, spawnJson, uniqueMarker } from '../lib/proc.ts';
import { epochMs, max } from '../lib/stats.ts';
import { showSession, TRANSCRIPT } from './render.ts';

export type HostileKind = 'plain' | 'sgr' | 'nul' | 'longline' | 'progress';

export interface PhaseResult {
  /** Longest task the Long Tasks API reported (it reports only those over 50 ms; 0: none). */
  longestTaskMs: number;
  longTasks: number;
  /** Longest gap between two requestAnimationFrame callbacks. */
  longestFrameGapMs: number;
  ms: number;
}

export interface WorstCaseResult {
  kind: HostileKind;
  bytes: number;
  streaming: PhaseResult;
  /** From Ctrl+Home until the first rows are drawn, and a moment after. */
  jump: PhaseResult;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function phase(rec: Recording): PhaseResult {
  return {
    longestTaskMs: rec.longtasks.length ? max(rec.longtasks) : 0,
    longTasks: rec.longtasks.length,
    longestFrameGapMs: rec.frames.length ? max(rec.frames) : NaN,
    ms: rec.ms,
  };
}

/** True once the transcript shows its first row and no row waits to be fetched or drawn. */
async function waitTopDrawn(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    (sel) => {
      const log = document.querySelector(sel);
      return !!log && !!log.querySelector('[data-index="0"]') && !log.querySelector('.row.loading');
    },
    TRANSCRIPT,
    { timeout: timeoutMs, polling: 50 },
  );
}

export async function worstCase(page: Page, app: App, kind: HostileKind, bytes: number, timeoutMs: number): Promise<WorstCaseResult> {
  const marker = uniqueMarker(kind);
  const p = spawnJson(process.execPath, [path.join(HERE, 'hostile.js'), '--port', String(app.port), '--kind', kind, '--bytes', String(bytes), '--marker', marker, '--wait']);
  try {
    const c = await p.next('connected', 15_000);
    const selector = await showSession(page, Number(c.localPort));
    await watch(page, selector, escapeRegExp(marker));
    await startRecording(page);
    const t0 = epochMs();
    p.send('go');
    await waitForText(page, marker, timeoutMs);
    const streamed = await stopRecording(page);
    await p.next('done', 60_000);
    const streaming = { ...phase(streamed), ms: epochMs() - t0 };

    // Frames settle after the stream, then the jump to the first row.
    await sleep(300);
    await page.getByRole('log', { name: 'Transcript' }).focus();
    await startRecording(page);
    await page.keyboard.press('Control+Home');
    await waitTopDrawn(page, Math.min(timeoutMs, 60_000));
    // Rows over a frame's drawing budget arrive on the next frames: keep watching a while.
    await sleep(500);
    const jump = phase(await stopRecording(page));
    return { kind, bytes, streaming, jump };
  } finally {
    p.kill();
  }
}
