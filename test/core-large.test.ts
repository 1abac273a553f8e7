/**
 * 100 MB without a newline: nothing lost (exact bytes on disk, 64 KiB continuation
 * rows), and memory stays bounded (the core runs in a child process whose RSS is
 * sampled throughout).
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { expectExit0, runPython } from './helpers/python.ts';
import { removeTempDirs, tempDir } from './helpers/temp-dir.ts';
import { waitFor } from './helpers/wait.ts';

afterAll(removeTempDirs);

const TOTAL = 100 * 1024 * 1024;
const ROW = 64 * 1024;
const ROWS = Math.ceil(TOTAL / ROW);
/** A prime period, so a row boundary in the wrong place shows up as shifted text. */
const PERIOD = 997;
const patternByte = (p: number) => 33 + (((p % PERIOD) * 7) % 94);

function expectedSlice(start: number, end: number): string {
  let s = '';
  for (let p = start; p < end; p++) s += String.fromCharCode(patternByte(p));
  return s;
}

function expectedHash(): string {
  const period = Buffer.from(Array.from({ length: PERIOD }, (_, i) => patternByte(i)));
  const block = Buffer.concat(Array.from({ length: 1024 }, () => period));
  const h = crypto.createHash('sha256');
  for (let sent = 0; sent < TOTAL; sent += block.length) h.update(block.subarray(0, Math.min(block.length, TOTAL - sent)));
  return h.digest('hex');
}

it('100 MB without a newline: every byte kept, split into 64 KiB rows, memory bounded', { timeout: 120_000 }, async () => {
  const dataDir = tempDir('porthole-large-');
  // Rows 1.. are the script's (row 0 is the "connected" note).
  const sampleRows = [1, 2, 800, 801, ROWS - 1, ROWS];
  const child = spawn(process.execPath, ['--expose-gc', 'bin/tsx.js', 'test/helpers/ingest-child.ts', dataDir, String(TOTAL), sampleRows.join(',')], {
    cwd: path.resolve(import.meta.dirname, '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((r) => child.on('close', r));
  try {
    await waitFor('the core to listen', () => /PORT \d+\n/.test(out), 20_000, () => ({ out, err }));
    const port = Number(/PORT (\d+)/.exec(out)![1]);
    const py = runPython(`
import sys
from socket import socket, AF_INET, SOCK_STREAM
sock = socket(AF_INET, SOCK_STREAM)
sock.connect(('127.0.0.1', int(sys.argv[1])))
sys.stdout = sock.makefile('w')
total = int(sys.argv[2])
block = ''.join(chr(33 + (i * 7) % 94) for i in range(${PERIOD})) * 1024
sent = 0
while sent < total:
    n = min(len(block), total - sent)
    sys.stdout.write(block[:n])
    sent += n
sys.stdout.flush()
`, [port, TOTAL]);
    await expectExit0(py, 90_000);
    expect(await exited).toBe(0);
  } finally {
    child.kill('SIGKILL');
  }
  const report = JSON.parse(out.split('\n').find((l) => l.startsWith('{'))!) as {
    info: { key: string; bytesIn: number; rows: number; linesIn: number };
    rssBefore: number; peakRss: number; peakHeap: number; retainedRss: number; retainedHeap: number; retainedBuffers: number;
    flags: string[]; sample: Record<number, string>;
  };

  // Nothing lost: the exact bytes on disk.
  const file = path.join(dataDir, 'sessions', report.info.key, 'out.bin');
  expect(fs.statSync(file).size).toBe(TOTAL);
  const h = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  expect(h.digest('hex')).toBe(expectedHash());
  expect(report.info.bytesIn).toBe(TOTAL);
  expect(report.info.linesIn).toBe(0);

  // ceil(100 MB / 64 KiB) rows of the script, every one after the first a continuation.
  const outRows = report.flags.filter((f) => f.startsWith('out:'));
  expect(outRows).toHaveLength(ROWS);
  expect(outRows[0]).toBe(`out::${ROW}`);
  expect(outRows.slice(1).every((f) => f === `out:c:${ROW}`)).toBe(true);
  expect(report.flags[0]).toMatch(/^note::connected from/);
  expect(report.flags.slice(ROWS + 1)).toEqual(['note::script finished sending (EOF); it may have exited, so replies may not be read']);
  for (const i of sampleRows) expect(report.sample[i], `row ${i}`).toBe(expectedSlice((i - 1) * ROW, i * ROW));

  // Bounded memory. Once garbage is collected the core holds almost nothing of the
  // 100 MB (the text lives in out.bin, the index is a few bytes per row); while the
  // bytes stream through, the heap holds at most the tail of decoded rows sent to the
  // faces, and the process never grows by anything like the data's size.
  const MB = 1024 * 1024;
  const at = (n: number) => `${(n / MB).toFixed(1)} MB`;
  const where = `before ${at(report.rssBefore)}, peak ${at(report.peakRss)}, peak heap ${at(report.peakHeap)}, retained rss ${at(report.retainedRss)} heap ${at(report.retainedHeap)} buffers ${at(report.retainedBuffers)}`;
  expect(report.retainedHeap, where).toBeLessThan(24 * MB);
  expect(report.retainedBuffers, where).toBeLessThan(16 * MB);
  expect(report.peakHeap, where).toBeLessThan(32 * MB);
  expect(report.peakRss - report.rssBefore, where).toBeLessThan(70 * MB);
});
