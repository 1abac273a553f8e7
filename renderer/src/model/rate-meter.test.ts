import { describe, expect, it } from 'vitest';
import { RateMeter } from './rate-meter.ts';

describe('RateMeter', () => {
  it('is zero with fewer than two samples', () => {
    const m = new RateMeter();
    expect(m.rate(0)).toEqual({ linesPerSec: 0, bytesPerSec: 0 });
    m.add(0, 10, 100);
    expect(m.rate(500)).toEqual({ linesPerSec: 0, bytesPerSec: 0 });
  });

  it('measures a steady stream', () => {
    const m = new RateMeter(1000);
    for (let t = 0; t <= 3000; t += 16) m.add(t, t * 2, t * 100);
    const r = m.rate(3000);
    expect(r.linesPerSec).toBeGreaterThan(1900);
    expect(r.linesPerSec).toBeLessThan(2100);
    expect(r.bytesPerSec).toBeGreaterThan(95_000);
    expect(r.bytesPerSec).toBeLessThan(105_000);
  });

  it('falls towards zero after the stream stops', () => {
    const m = new RateMeter(1000);
    for (let t = 0; t <= 2000; t += 100) m.add(t, t, t);
    const busy = m.rate(2000).linesPerSec;
    expect(m.rate(10_000).linesPerSec).toBeLessThan(busy / 5);
  });

  it('keeps a bounded number of samples', () => {
    const m = new RateMeter(1000, 8);
    for (let t = 0; t < 100_000; t += 1) m.add(t, t, t);
    expect(m.rate(100_000).linesPerSec).toBeGreaterThan(0);
    expect((m as unknown as { samples: unknown[] }).samples.length).toBeLessThanOrEqual(8);
  });
});
