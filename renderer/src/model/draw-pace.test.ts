import { describe, expect, it } from 'vitest';
import { DRAW_PACE, DrawPace } from './draw-pace.ts';

/** Batches every `everyMs` from `from` to `to`, each adding `rows` rows; returns the last count. */
function feed(pace: DrawPace, from: number, to: number, everyMs: number, rows: number, count = 0): number {
  for (let t = from; t <= to; t += everyMs) pace.note(t, (count += rows));
  return count;
}

describe('DrawPace', () => {
  it('draws on the next frame when nothing floods: no batches, a readable trickle, a progress bar redrawing one row', () => {
    const pace = new DrawPace();
    expect(pace.waitMs(0)).toBe(0);
    feed(pace, 0, 2_000, 100, 5); // 50 rows a second
    pace.drew(2_000);
    expect(pace.flooding(2_000)).toBe(false);
    expect(pace.waitMs(2_001)).toBe(0);
    const bar = new DrawPace();
    feed(bar, 0, 2_000, 16, 0, 7); // the same row count, batch after batch
    bar.drew(2_000);
    expect(bar.waitMs(2_001)).toBe(0);
  });

  it('paces frames once the session on screen has flooded for the whole window, and stops when the flood does', () => {
    const pace = new DrawPace();
    let count = feed(pace, 0, 100, 16, 500);
    // A flood that has just begun is not one yet.
    expect(pace.flooding(100)).toBe(false);
    count = feed(pace, 116, 400, 16, 500, count);
    expect(pace.flooding(400)).toBe(true);
    pace.drew(400);
    expect(pace.waitMs(410)).toBe(DRAW_PACE.floodFrameMs - 10);
    expect(pace.waitMs(400 + DRAW_PACE.floodFrameMs)).toBe(0);
    // Batches stop: within one window it is drawn on the next frame again.
    feed(pace, 416, 416, 16, 500, count);
    expect(pace.flooding(416 + DRAW_PACE.floodAfterMs * 1.2)).toBe(false);
    pace.drew(700);
    expect(pace.waitMs(701)).toBe(0);
  });

  it('just under the rate is not a flood; just over it is', () => {
    const perBatch = (rate: number) => (rate * 20) / 1000;
    const under = new DrawPace();
    feed(under, 0, 500, 20, perBatch(DRAW_PACE.floodRowsPerSec * 0.8));
    expect(under.flooding(500)).toBe(false);
    const over = new DrawPace();
    feed(over, 0, 500, 20, perBatch(DRAW_PACE.floodRowsPerSec * 1.2));
    expect(over.flooding(500)).toBe(true);
  });

  it('forgets a session when another is put on screen, and counts from its next batch', () => {
    const pace = new DrawPace();
    feed(pace, 0, 400, 16, 500);
    expect(pace.flooding(400)).toBe(true);
    pace.reset();
    expect(pace.flooding(400)).toBe(false);
    // The newly shown session's first batch says how many rows it has, not how many it just got.
    pace.note(416, 9_000_000);
    pace.note(432, 9_000_001);
    expect(pace.flooding(432)).toBe(false);
  });

  it('holds a bounded number of batches however many arrive', () => {
    const pace = new DrawPace();
    // 100,000 batches in half a second: still judged a flood, from at most eleven slots.
    for (let i = 0; i < 100_000; i++) pace.note(i / 200, i * 10);
    expect(pace.flooding(500)).toBe(true);
    expect((pace as unknown as { slots: number[] }).slots.length).toBeLessThanOrEqual(11);
  });
});
