/**
 * A past session whose log is larger than the longest string JavaScript can hold
 * (over 600 MiB) reopens, streaming, without holding the event loop; a meta.json left
 * stale by a crash is repaired from the stream files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { startCore, type TestCore } from './helpers/core.ts';
import { removeTempDirs, tempDir } from './helpers/temp-dir.ts';

afterAll(removeTempDirs);

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

const KEY = '20260101-000000-1-1';
const LINES = 200_000;
const LOG_BYTES = 600 * 1024 * 1024;

/** Writes a session as a long run would leave it; returns the out.bin size. */
function writeSession(dir: string, startedAt: number): number {
  fs.mkdirSync(dir, { recursive: true });
  const out = fs.openSync(path.join(dir, 'out.bin'), 'w');
  const log = fs.openSync(path.join(dir, 'log.jsonl'), 'w');
  // Records that replay skips, making the log large the way years of metadata would.
  const pad = JSON.stringify({ t: startedAt, meta: { padding: 'p'.repeat(1024 * 1024 - 40) } }) + '\n';
  const padEvery = Math.floor(LINES / Math.ceil(LOG_BYTES / pad.length));
  let outBytes = 0;
  let logBytes = 0;
  fs.writeSync(log, JSON.stringify({ t: startedAt, note: 'connected from 127.0.0.1:1' }) + '\n');
  let batchOut = '';
  let batchLog = '';
  for (let i = 0; i < LINES; i++) {
    const line = `line ${i} of a long session\n`;
    batchOut += line;
    batchLog += `{"t":${startedAt + i},"c":"out","n":${line.length}}\n`;
    outBytes += line.length;
    if (i % padEvery === padEvery - 1 || i === LINES - 1) {
      fs.writeSync(out, batchOut);
      fs.writeSync(log, batchLog);
      logBytes += batchLog.length;
      batchOut = '';
      batchLog = '';
      if (logBytes < LOG_BYTES) logBytes += fs.writeSync(log, pad);
    }
  }
  fs.writeSync(log, JSON.stringify({ t: startedAt + LINES, state: 'closed' }) + '\n');
  fs.closeSync(out);
  fs.closeSync(log);
  // As a crash leaves it: the counts of the start, no end time.
  fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ porthole: 1, key: KEY, name: 'long.py', peer: '127.0.0.1:1', startedAt, bytesIn: 0, bytesOut: 0 }));
  return outBytes;
}

it('a log over 600 MiB reopens, in slices, and a stale meta.json is repaired', { timeout: 180_000 }, async () => {
  const dataDir = tempDir('porthole-past-large-');
  const dir = path.join(dataDir, 'sessions', KEY);
  const startedAt = Date.UTC(2026, 0, 1);
  const outBytes = writeSession(dir, startedAt);
  expect(fs.statSync(path.join(dir, 'log.jsonl')).size).toBeGreaterThan(LOG_BYTES);

  t = await startCore({ dataDir, noListener: true });
  const past = await t.core.invoke('past:list', null);
  expect(past.find((p) => p.key === KEY)).toMatchObject({ name: 'long.py', bytesIn: outBytes });

  // The event loop is sampled while the session reopens.
  let lastTick = performance.now();
  let longest = 0;
  const sampler = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - lastTick);
    lastTick = now;
  }, 2);
  const began = performance.now();
  const info = await t.core.invoke('past:open', { key: KEY });
  const took = performance.now() - began;
  clearInterval(sampler);
  process.stdout.write(`reopened a ${(fs.statSync(path.join(dir, 'log.jsonl')).size / 2 ** 20).toFixed(0)} MiB log in ${took.toFixed(0)} ms; longest event-loop stall ${longest.toFixed(0)} ms\n`);

  expect(info.rows).toBe(LINES + 1);
  const last = await t.core.invoke('session:rows', { id: info.id, from: LINES, to: LINES + 1 });
  expect(last.rows[0]).toMatchObject({ text: `line ${LINES - 1} of a long session`, time: startedAt + LINES - 1 });
  // Slices of about 20 ms; the margin is for a machine busy with other tests (in one piece it takes over a second).
  expect(longest).toBeLessThan(250);

  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8'));
  expect(meta).toMatchObject({ name: 'long.py', bytesIn: outBytes, bytesOut: 0 });
  expect(typeof meta.endedAt).toBe('number');
});
