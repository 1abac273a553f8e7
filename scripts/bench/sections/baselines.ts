/** Baselines shared by the core and UI sections, measured once per run. */
import { ingestRaw, type IngestResult } from '../measure/ingest.ts';
import { pythonIntoRaw } from '../measure/python.ts';
import type { BenchOptions } from '../lib/options.ts';
import { medianOf } from '../lib/stats.ts';

export class Baselines {
  private raw?: Promise<IngestResult>;
  private python?: Promise<number>;
  constructor(private readonly opts: BenchOptions) {}

  rawIngest(): Promise<IngestResult> {
    return (this.raw ??= ingestRaw(this.opts.sizes.ingestLines));
  }

  /** Seconds the Python script takes into the raw sink (median of the trials). */
  pythonRaw(): Promise<number> {
    const { pythonLines, pythonTrials } = this.opts.sizes;
    return (this.python ??= medianOf(pythonTrials, () => pythonIntoRaw(pythonLines)));
  }
}

/** Runs a step and logs its progress to stderr, so the table on stdout stays clean. */
const started = performance.now();
export function log(msg: string): void {
  process.stderr.write(`bench [${((performance.now() - started) / 1000).toFixed(1)} s]: ${msg}\n`);
}
