/** Rows measured against Porthole's core alone (`npm run bench:core`, and part of `npm run bench`). */
import { ingestCore, ingestFilePeer } from '../measure/ingest.ts';
import { memoryAndSearch, TEXT_BYTES_PER_LINE, type SearchOutcome } from '../measure/memory.ts';
import { pythonIntoCore } from '../measure/python.ts';
import { scale, scaleRaw } from '../measure/scale.ts';
import type { BenchOptions } from '../lib/options.ts';
import { makeRow, type BenchRow, type Expected, type Report } from '../lib/report.ts';
import { filePeerName } from '../lib/socat.ts';
import { MB, medianOf } from '../lib/stats.ts';
import { log, type Baselines } from './baselines.ts';
import { churnSection } from './churn-section.ts';
import { TARGETS } from './targets.ts';

const fmtLines = (n: number) => n.toLocaleString('en-US');

export async function coreSection(report: Report, opts: BenchOptions, base: Baselines): Promise<void> {
  const s = opts.sizes;
  const ingestLabel = `ingest ${fmtLines(s.ingestLines)} × 80 B lines`;

  log('ingest: raw sink');
  await report.section([{ item: '1', measure: `${ingestLabel}: raw Node sink (a)`, unit: 'MB/s' }], async () => {
    const raw = await base.rawIngest();
    return [makeRow({ item: '1', measure: `${ingestLabel}: raw Node sink (a)`, value: raw.mbps, unit: 'MB/s', note: 'baseline', extra: { linesPerSecond: raw.lps, ms: raw.ms } })];
  });

  const peer = filePeerName() ?? 'socat';
  log(`ingest: ${peer}`);
  await report.section([{ item: '1', measure: `${ingestLabel}: ${peer} → file (b)`, unit: 'MB/s' }], async () => {
    const r = await ingestFilePeer(s.ingestLines);
    const raw = await base.rawIngest();
    return [makeRow({ item: '1', measure: `${ingestLabel}: ${peer} → file (b)`, value: r.mbps, unit: 'MB/s', baseline: { name: 'raw sink', value: raw.mbps }, note: 'terminal peer', extra: { linesPerSecond: r.lps, ms: r.ms } })];
  });

  log('ingest: Porthole core');
  const coreMeasure = `${ingestLabel}: Porthole core, transcript on (c)`;
  const coreExp: Expected = { item: '1', measure: coreMeasure, unit: 'MB/s', target: TARGETS.ingest };
  await report.section([coreExp], async () => {
    const raw = await base.rawIngest();
    coreExp.baseline = { name: 'raw sink', value: raw.mbps };
    const r = await ingestCore(s.ingestLines);
    return [makeRow({ item: '1', measure: coreMeasure, value: r.mbps, unit: 'MB/s', baseline: { name: 'raw sink', value: raw.mbps }, target: TARGETS.ingest, extra: { linesPerSecond: r.lps, ms: r.ms, coreCpuPercent: r.cpuPercent } })];
  });

  log('python producer: raw sink and core');
  const pyMeasure = `python prints ${fmtLines(s.pythonLines)} lines: into the core`;
  const pyExp: Expected = { item: '2', measure: pyMeasure, unit: 's', target: TARGETS.slowdown };
  await report.section([pyExp], async () => {
    const raw = await base.pythonRaw();
    pyExp.baseline = { name: 'into raw sink', value: raw };
    const core = await medianOf(s.pythonTrials, () => pythonIntoCore(s.pythonLines));
    return [makeRow({ item: '2', measure: pyMeasure, value: core, unit: 's', baseline: { name: 'into raw sink', value: raw }, target: TARGETS.slowdown })];
  });

  log(`scale: ${s.scaleClients} clients × ${s.scaleLinesPerClient} lines`);
  const scaleLabel = `${fmtLines(s.scaleClients)} clients × ${fmtLines(s.scaleLinesPerClient)} lines`;
  const scaleRows: Expected[] = [
    { item: '6', measure: `${scaleLabel}: sessions complete and in order`, unit: '', target: TARGETS.scale },
    { item: '6', measure: `${scaleLabel}: total time`, unit: 's' },
    { item: '6', measure: `${scaleLabel}: core peak RSS`, unit: 'MB' },
  ];
  await report.section(scaleRows, async () => {
    const rawMs = await scaleRaw(s.scaleClients, s.scaleLinesPerClient);
    scaleRows[0].baseline = { name: 'clients', value: s.scaleClients };
    scaleRows[1].baseline = { name: 'raw sink', value: rawMs / 1000 };
    const r = await scale(s.scaleClients, s.scaleLinesPerClient);
    return [
      makeRow({ ...scaleRows[0], value: r.intact, baseline: { name: 'clients', value: r.clients }, extra: { missingLines: r.missingLines } }),
      makeRow({ ...scaleRows[1], value: r.ms / 1000, baseline: { name: 'raw sink', value: rawMs / 1000 } }),
      makeRow({ ...scaleRows[2], value: r.peakRss / MB, baseline: { name: 'same core idle', value: r.idleRss / MB } }),
    ];
  });

  log(`memory and search: ${s.bigLines} lines`);
  const bigLabel = `${fmtLines(s.bigLines)} lines`;
  const memRows: Expected[] = [
    { item: '7', measure: `${bigLabel}: core RSS growth per line`, unit: 'B', target: TARGETS.bytesPerLine },
    { item: '7', measure: `${bigLabel}: line store (index) + heap + buffers per line`, unit: 'B', target: TARGETS.bytesPerLine },
    { item: '7', measure: `${bigLabel}: literal search, full count`, unit: 's', target: TARGETS.literalSearch },
    { item: '7', measure: `${bigLabel}: regex search, full count`, unit: 's' },
  ];
  await report.section(memRows, async () => {
    const r = await memoryAndSearch(s.bigLines);
    const text = { name: 'text bytes', value: TEXT_BYTES_PER_LINE };
    const sec = (ms: number | null) => (ms == null ? null : ms / 1000);
    return [
      makeRow({ ...memRows[0], value: r.rssPerLine, baseline: text, extra: { rssMB: r.rss / MB } }),
      makeRow({ ...memRows[1], value: r.retainedPerLine, baseline: text, note: 'after a full GC' }),
      searchRow(memRows[2], r.literal, { name: 'grep -cF', value: sec(r.grepLiteralMs) }),
      searchRow(memRows[3], r.regex, { name: 'grep -cE', value: sec(r.grepRegexMs) }),
    ];
  });

  await churnSection(report, opts);
}

function searchRow(e: Expected, r: SearchOutcome, baseline: { name: string; value: number | null }): BenchRow {
  if (r.error) return makeRow({ ...e, value: null, baseline, note: `not available: ${r.error}` });
  // The flood holds exactly one marker line: any other count is a wrong answer, not a figure.
  if (r.matches !== 1) return makeRow({ ...e, value: null, baseline, note: `not available: search counted ${r.matches} matches, expected 1` });
  return makeRow({ ...e, value: r.ms / 1000, baseline, extra: { matches: r.matches } });
}
