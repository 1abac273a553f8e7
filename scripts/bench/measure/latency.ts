/**
 * Latency: a line printed and flushed by a script until it is in the transcript's DOM
 * (idle, and while another session floods), and Enter in the Reply box until the
 * script receives the bytes. Baselines: the same line into the raw sink, and Enter in
 * a plain page whose WebSocket writes straight to the script's socket.
 */
import net from 'node:net';
import type { Browser, Page } from 'playwright-core';
import type { App } from '../lib/app.ts';
import { newInstrumentedPage, seenAll, watch } from '../lib/browser.ts';
import { startPeerPage } from '../lib/peer-page.ts';
import { startFlood, type Flood } from '../lib/proc.ts';
import { startRawSink } from '../lib/sink.ts';
import { epochMs, percentile } from '../lib/stats.ts';
import { showSession } from './render.ts';

export interface LatencyResult {
  p50: number;
  p99: number;
  samples: number;
  /** Samples that never arrived: each counts as an infinite latency. */
  missing: number;
}

export function summarize(latencies: number[]): LatencyResult {
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    samples: latencies.length,
    missing: latencies.filter((l) => !Number.isFinite(l)).length,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Spread samples across frame phases so the figures are not locked to one point of the frame.
const gap = () => sleep(20 + Math.random() * 15);

/**
 * Notes when each numbered line arrives complete (a line split across two reads counts
 * when its end arrives); `got` maps the number to the arrival time.
 */
export function onLines(socket: net.Socket, re: RegExp, got: Map<number, number>): void {
  let partial = '';
  socket.on('data', (chunk: Buffer) => {
    const at = epochMs();
    const lines = (partial + chunk.toString('latin1')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const m = re.exec(line);
      if (m && !got.has(Number(m[1]))) got.set(Number(m[1]), at);
    }
  });
}

async function connectScript(port: number): Promise<net.Socket> {
  const s = net.connect({ host: '127.0.0.1', port });
  s.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('error', reject);
  });
  return s;
}

/** A flood from another connection while `fn` runs; `null` port: no flood. */
async function withFlood<T>(port: number | null, fn: () => Promise<T>): Promise<T> {
  let flood: Flood | null = null;
  if (port != null) {
    flood = await startFlood({ port, lines: 0, marker: 'END-flood', forever: true });
    await sleep(300);
  }
  try {
    return await fn();
  } finally {
    flood?.stop();
    flood?.kill();
  }
}

/** Print-to-received latency into the raw sink: the physical floor. */
export async function printLatencyRaw(samples: number, flooded: boolean): Promise<LatencyResult> {
  const sink = await startRawSink();
  try {
    return await withFlood(flooded ? sink.port : null, async () => {
      const script = await connectScript(sink.port);
      const conn = await (async () => {
        // With a flood, the flood's connection arrived first.
        let c = await sink.nextConnection();
        if (flooded) c = await sink.nextConnection();
        return c;
      })();
      const nonce = Math.random().toString(36).slice(2, 8);
      const sent: number[] = [];
      const got = new Map<number, number>();
      onLines(conn.socket, new RegExp(`^lat-${nonce}-(\\d+)$`), got);
      for (let i = 0; i < samples; i++) {
        sent[i] = epochMs();
        script.write(`lat-${nonce}-${i}\n`);
        await gap();
      }
      await sleep(200);
      script.destroy();
      return summarize(sent.map((t, i) => (got.has(i) ? got.get(i)! - t : Infinity)));
    });
  } finally {
    await sink.close();
  }
}

/** Print-to-DOM latency in Porthole's transcript, the script's session selected. */
export async function printLatencyApp(page: Page, app: App, samples: number, flooded: boolean): Promise<LatencyResult> {
  return withFlood(flooded ? app.port : null, async () => {
    const script = await connectScript(app.port);
    try {
      const selector = await showSession(page, script.localPort!);
      const nonce = Math.random().toString(36).slice(2, 8);
      await watch(page, selector, `lat-${nonce}-\\d+`);
      const sent: number[] = [];
      for (let i = 0; i < samples; i++) {
        sent[i] = epochMs();
        script.write(`lat-${nonce}-${i}\n`);
        await gap();
      }
      await sleep(1_000);
      const seen = await seenAll(page);
      return summarize(sent.map((t, i) => (seen[`lat-${nonce}-${i}`] ?? Infinity) - t));
    } finally {
      script.destroy();
    }
  });
}

/** Enter pressed in a "Reply" box until the script has the bytes. */
async function enterLatency(page: Page, script: net.Socket, samples: number): Promise<LatencyResult> {
  const nonce = Math.random().toString(36).slice(2, 8);
  const got = new Map<number, number>();
  onLines(script, new RegExp(`^r-${nonce}-(\\d+)\r?$`), got);
  await page.evaluate(() => {
    const w = window as unknown as { enterAt: number[] };
    w.enterAt = [];
    window.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey) w.enterAt.push(performance.timeOrigin + performance.now());
    }, true);
  });
  const box = page.getByRole('textbox', { name: 'Reply' });
  await box.waitFor({ timeout: 15_000 });
  for (let i = 0; i < samples; i++) {
    await box.fill(`r-${nonce}-${i}`);
    await box.press('Enter');
    await gap();
  }
  await sleep(500);
  const enterAt = await page.evaluate(() => (window as unknown as { enterAt: number[] }).enterAt);
  if (enterAt.length !== samples) throw new Error(`the page saw ${enterAt.length} of ${samples} Enter presses`);
  return summarize(enterAt.map((t, i) => (got.get(i) ?? Infinity) - t));
}

export async function enterLatencyApp(page: Page, app: App, samples: number): Promise<LatencyResult> {
  const script = await connectScript(app.port);
  try {
    await showSession(page, script.localPort!);
    return await enterLatency(page, script, samples);
  } finally {
    script.destroy();
  }
}

/** The baseline: a plain page whose Enter sends over a WebSocket that writes to the script's socket. */
export async function enterLatencyPlain(browser: Browser, samples: number): Promise<LatencyResult> {
  const peer = await startPeerPage(1_000);
  const page = await newInstrumentedPage(browser);
  try {
    await page.goto(peer.url);
    await page.evaluate(() => (window as unknown as { peerReady: Promise<void> }).peerReady);
    const script = await connectScript(peer.port);
    try {
      await sleep(100);
      return await enterLatency(page, script, samples);
    } finally {
      script.destroy();
    }
  } finally {
    await page.context().close();
    await peer.close();
  }
}
