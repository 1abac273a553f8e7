/**
 * Lines/s and bytes/s of a session from the counters in its `session` events.
 * The rate is measured against `now`, so it falls to zero when a script stops.
 */
export class RateMeter {
  private samples: { t: number; lines: number; bytes: number }[] = [];

  constructor(private readonly windowMs = 1000, private readonly keep = 64) {}

  add(t: number, lines: number, bytes: number): void {
    const last = this.samples[this.samples.length - 1];
    if (last && t < last.t) return;
    this.samples.push({ t, lines, bytes });
    const cutoff = t - 4 * this.windowMs;
    while (this.samples.length > 2 && (this.samples.length > this.keep || this.samples[1].t <= cutoff)) this.samples.shift();
  }

  rate(now: number): { linesPerSec: number; bytesPerSec: number } {
    const n = this.samples.length;
    if (n < 2) return { linesPerSec: 0, bytesPerSec: 0 };
    const latest = this.samples[n - 1];
    // The newest sample at least one window old is the baseline; else the oldest held.
    let base = this.samples[0];
    for (let i = n - 2; i >= 0; i--) {
      if (this.samples[i].t <= now - this.windowMs) { base = this.samples[i]; break; }
    }
    const dt = now - base.t;
    if (dt <= 0) return { linesPerSec: 0, bytesPerSec: 0 };
    return {
      linesPerSec: ((latest.lines - base.lines) * 1000) / dt,
      bytesPerSec: ((latest.bytes - base.bytes) * 1000) / dt,
    };
  }
}
