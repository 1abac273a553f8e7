/**
 * How often the window draws. Every frame, except while the session on screen floods:
 * then each frame would replace the whole screenful of rows with another one nobody can
 * read, and drawing them 60 times a second takes the CPU the flooding program needs
 * (on a two-core machine, the page's drawing made a Python script printing 2M lines
 * 1.4× slower; at 20 frames a second, 1.1×). So while the session on screen has
 * brought more than `floodRowsPerSec` rows a second for `floodAfterMs`, frames are at
 * least `floodFrameMs` apart. Other sessions, and a session that prints at a readable
 * pace, are drawn on the next frame as before; so is the last batch of a flood, at
 * most `floodFrameMs` late.
 */
export interface DrawPaceOptions {
  floodRowsPerSec: number;
  floodAfterMs: number;
  floodFrameMs: number;
}

export const DRAW_PACE: DrawPaceOptions = { floodRowsPerSec: 1_000, floodAfterMs: 250, floodFrameMs: 50 };

/** Batches are summed in slots of a tenth of the window, so what is kept has a bound whatever the batch rate. */
const SLOTS = 10;

export class DrawPace {
  /** Slot numbers (time / slot length) and rows added in them, of the on-screen session's recent batches, oldest first. */
  private slots: number[] = [];
  private rows: number[] = [];
  private lastDrawAt = -Infinity;
  /** The on-screen session's row count at its last batch (-1: none seen yet). */
  private count = -1;

  constructor(private readonly opts: DrawPaceOptions = DRAW_PACE) {}

  /** A batch for the session on screen arrived; it now has `count` rows. */
  note(now: number, count: number): void {
    const added = this.count < 0 ? 0 : Math.max(0, count - this.count);
    this.count = count;
    const slot = Math.floor(now / this.slotMs());
    const n = this.slots.length;
    if (n > 0 && this.slots[n - 1] === slot) this.rows[n - 1] += added;
    else {
      this.slots.push(slot);
      this.rows.push(added);
    }
    while (this.slots.length > 0 && this.slots[0] < slot - SLOTS) {
      this.slots.shift();
      this.rows.shift();
    }
  }

  private slotMs(): number {
    return this.opts.floodAfterMs / SLOTS;
  }

  /** Another session is on screen now: its history says nothing about this one. */
  reset(): void {
    this.slots = [];
    this.rows = [];
    this.count = -1;
  }

  /** Whether the session on screen is flooding: over the rate, for the whole of the last `floodAfterMs`. */
  flooding(now: number): boolean {
    const { floodAfterMs, floodRowsPerSec } = this.opts;
    const first = Math.floor(now / this.slotMs()) - SLOTS;
    let sum = 0;
    let oldest = Infinity;
    for (let i = 0; i < this.slots.length; i++) {
      if (this.slots[i] < first) continue;
      sum += this.rows[i];
      oldest = Math.min(oldest, this.slots[i]);
    }
    // Batches over most of the window (a flood that just began is not one yet), at the rate.
    return oldest <= first + SLOTS / 2 && sum >= (floodRowsPerSec * floodAfterMs) / 1000;
  }

  /** Milliseconds to wait before the next frame may draw (0: the next frame). */
  waitMs(now: number): number {
    if (!this.flooding(now)) return 0;
    return Math.max(0, this.lastDrawAt + this.opts.floodFrameMs - now);
  }

  drew(now: number): void {
    this.lastDrawAt = now;
  }
}
