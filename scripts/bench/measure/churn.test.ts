// The session churn's parts against real processes: the load, ncat, and the line counter.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ChurnCounter, hasCommand, startNcat } from '../lib/line-servers.ts';
import { churn } from './churn.ts';

describe('ChurnCounter', () => {
  it('counts each script line once, split across reads, after any prefix, and no other tag', async () => {
    const out = new PassThrough();
    const c = new ChurnCounter(out, 'churn-ab', 3, 2);
    out.write('[1] churn-ab 0 0\n[1] chu');
    out.write('rn-ab 0 1\r\nchurn-ab-w 1 0\n[2] churn-ab 1 0\nchurn-ab 7 0\n');
    await new Promise((r) => setImmediate(r));
    expect(c.total).toBe(3);
    expect(c.complete()).toBe(1);
    out.write('churn-ab 1 1\nchurn-ab 2 0\nchurn-ab 2 1\n');
    await c.waitAll(5_000, 1_000);
    expect(c.complete()).toBe(3);
  });

  it('gives up waiting once nothing arrives for the stall time', async () => {
    const c = new ChurnCounter(new PassThrough(), 't', 2, 1);
    const t0 = Date.now();
    await c.waitAll(10_000, 200);
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(c.complete()).toBe(0);
  });
});

describe.skipIf(!hasCommand('ncat'))('churn into ncat -lk', () => {
  it('sends every script and measures the listener', async () => {
    const server = await startNcat();
    try {
      const r = await churn(server, 30, 2, 5);
      expect(r.complete).toBe(30);
      expect(r.errors).toBe(0);
      expect(r.ms).toBeGreaterThan(0);
      expect(r.fdsBefore).toBeGreaterThan(0);
      expect(r.rssAfter).toBeGreaterThan(0);
      expect(r.transcriptsComplete).toBeNull();
    } finally {
      await server.close();
    }
  }, 60_000);
});
