/** Shared entry of `npm run bench`, `bench:core` and `bench:ui`: runs sections, prints the table, writes JSON. */
import os from 'node:os';
import { Baselines, log } from '../sections/baselines.ts';
import { parseOptions, type BenchOptions } from './options.ts';
import { killChildren } from './proc.ts';
import { renderTable, Report, writeResults } from './report.ts';

export type Section = (report: Report, opts: BenchOptions, base: Baselines) => Promise<void>;

export async function runBench(title: string, sections: Section[]): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const t0 = performance.now();
  log(`${title}${opts.quick ? ' (quick)' : ''}: ${JSON.stringify(opts.sizes)}`);
  log(`load average before the run: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} CPUs`);
  // A stuck step must not hang CI: its rows say "not available" and the run goes on.
  const report = new Report(opts.quick ? 45_000 : 20 * 60_000, killChildren);
  const base = new Baselines(opts);
  for (const section of sections) await section(report, opts, base);
  // Grouped by the items (a stable sort keeps each section's order).
  report.rows.sort((a, b) => Number(a.item) - Number(b.item));
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(`\n${title}${opts.quick ? ' (quick: reduced sizes)' : ''} — ${seconds.toFixed(0)} s\n\n${renderTable(report.rows)}\n`);
  writeResults(opts.out, opts.quick, opts.sizes, report.rows);
  process.stdout.write(`\nresults written to ${opts.out}\n`);
  killChildren();
  // Browsers and sockets of failed steps may still hold the event loop.
  process.exit(0);
}
