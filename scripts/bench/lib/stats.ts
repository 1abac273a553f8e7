/** Small statistics over samples (milliseconds, bytes…). */

/** The p-th percentile (0–100) by nearest rank; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function max(samples: readonly number[]): number {
  let m = samples.length ? -Infinity : NaN;
  for (const s of samples) if (s > m) m = s;
  return m;
}

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

export const MB = 1_000_000;

/** The median of `n` runs of `run`, one after another. */
export async function medianOf(n: number, run: () => Promise<number>): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < Math.max(1, n); i++) values.push(await run());
  return percentile(values, 50);
}
