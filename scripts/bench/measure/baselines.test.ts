// The baselines against real loopback sockets, real socat/ncat and a real python3 script.
import { describe, expect, it } from 'vitest';
import { ingestFilePeer, ingestRaw } from './ingest.ts';
import { pythonIntoRaw } from './python.ts';
import { checksum, expectedLines, scaleRaw } from './scale.ts';
import { printLatencyRaw } from './latency.ts';
import { filePeerName } from '../lib/socat.ts';

describe('baselines', () => {
  it('the raw sink receives every byte of the flood and reports a rate', async () => {
    const r = await ingestRaw(20_000);
    expect(r.bytes).toBe(20_000 * 80);
    expect(r.ms).toBeGreaterThan(0);
    expect(r.lps).toBeCloseTo(20_000 / (r.ms / 1000));
  });

  it.skipIf(!filePeerName())('socat/ncat writes the whole flood to its file', async () => {
    const r = await ingestFilePeer(20_000);
    expect(r.bytes).toBe(20_000 * 80);
    expect(['socat', 'ncat']).toContain(r.peer);
  });

  it('times the makefile-redirected Python script', async () => {
    const seconds = await pythonIntoRaw(20_000);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(20);
  });

  it('serves many concurrent clients through the raw sink', async () => {
    const ms = await scaleRaw(20, 50);
    expect(ms).toBeGreaterThan(0);
  });

  it('measures print-to-received latency on loopback for every sample', async () => {
    const r = await printLatencyRaw(10, false);
    expect(r.samples).toBe(10);
    expect(r.missing).toBe(0);
    expect(r.p50).toBeGreaterThanOrEqual(0);
    expect(r.p99).toBeGreaterThanOrEqual(r.p50);
  });
});

describe('scale checksums', () => {
  it('match only the same lines in the same order', () => {
    const want = expectedLines(3, 100);
    expect(checksum(want)).toBe(checksum([...want]));
    expect(checksum(want.slice(0, 99))).not.toBe(checksum(want));
    const swapped = [...want];
    [swapped[10], swapped[11]] = [swapped[11], swapped[10]];
    expect(checksum(swapped)).not.toBe(checksum(want));
    expect(checksum(['ab', 'c'])).not.toBe(checksum(['a', 'bc']));
  });
});

describe('onLines', () => {
  it('counts a numbered line once, when its end arrives, even split across reads', async () => {
    const net = await import('node:net');
    const { onLines } = await import('./latency.ts');
    const got = new Map<number, number>();
    const server = net.createServer((s) => onLines(s, /^r-x-(\d+)$/, got));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const c = net.connect((server.address() as import('node:net').AddressInfo).port, '127.0.0.1');
    c.setNoDelay(true);
    await new Promise((r) => c.once('connect', r));
    c.write('r-x-1\nr-x-');
    await new Promise((r) => setTimeout(r, 50));
    expect([...got.keys()]).toEqual([1]);
    c.write('23\nnoise\nr-x-1\n');
    await new Promise((r) => setTimeout(r, 50));
    expect([...got.keys()]).toEqual([1, 23]);
    c.destroy();
    await new Promise((r) => server.close(r));
  });
});
