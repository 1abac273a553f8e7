import { describe, expect, it } from 'vitest';
import { ByteRing } from './byte-ring.ts';

/** Pushes `sizes` chunks of a counting pattern; returns the whole stream for comparison. */
function fill(ring: ByteRing, sizes: number[]): Buffer {
  const parts: Buffer[] = [];
  let v = 0;
  for (const n of sizes) {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = v++ & 0xff;
    ring.push(b);
    parts.push(b);
  }
  return Buffer.concat(parts);
}

describe('ByteRing', () => {
  it.each([
    ['one small chunk', 100, [10]],
    ['chunks within capacity', 100, [30, 30, 30]],
    ['chunks past capacity', 100, [30, 30, 30, 30, 30]],
    ['one chunk larger than capacity', 100, [250]],
    ['many tiny chunks', 64, Array.from({ length: 500 }, () => 3)],
    ['mixed sizes', 1000, [1, 999, 2, 500, 700, 3, 1200, 10]],
  ] as [string, number, number[]][])('%s: every range it holds reads back exactly; older ones are null', (_name, cap, sizes) => {
    const ring = new ByteRing(cap);
    const all = fill(ring, sizes);
    const total = all.length;
    expect(ring.size).toBe(Math.min(cap, total));
    const oldest = total - ring.size;
    for (let start = Math.max(0, oldest - 3); start < total; start += Math.max(1, Math.floor(total / 97))) {
      for (const len of [0, 1, 7, total - start]) {
        if (start + len > total) continue;
        const got = ring.read(start, len, total);
        if (start < oldest) expect(got).toBeNull();
        else expect(got).toEqual(all.subarray(start, start + len));
      }
    }
    expect(ring.read(total - 1, 2, total)).toBeNull();
  });

  it('keeps no more chunks than it needs', () => {
    const ring = new ByteRing(1024);
    fill(ring, Array.from({ length: 10_000 }, () => 100));
    const held = (ring as unknown as { chunks: Uint8Array[]; first: number });
    expect(held.chunks.length - held.first).toBeLessThanOrEqual(11);
    expect(held.chunks.length).toBeLessThan(200);
  });
});
