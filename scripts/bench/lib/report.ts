/** The rows of the benchmark table, their targets, and the two outputs: a printed table and JSON. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface Target {
  /** Which figure the target is about: the value itself, the ratio to the baseline, or the value minus the baseline. */
  on: 'value' | 'ratio' | 'difference';
  op: '>=' | '<=' | '==';
  limit: number;
  /** As written in the issue, e.g. "≥ 40% of raw sink". */
  text: string;
}

export interface BenchRow {
  /** Item of the issue, e.g. "1", "4". */
  item: string;
  measure: string;
  /** Porthole's figure (or the baseline's own, for baseline rows); null when not available. */
  value: number | null;
  unit: string;
  baseline?: { name: string; value: number | null };
  /** value / baseline.value. */
  ratio?: number | null;
  target?: Target;
  met?: boolean | null;
  /** "not available: why", or a remark on how it was measured. */
  note?: string;
  /** Further figures of the same measurement (lines/s, sample counts…). */
  extra?: Record<string, number | string>;
}

export interface RowInput {
  item: string;
  measure: string;
  value: number | null;
  unit: string;
  baseline?: { name: string; value: number | null };
  target?: Target;
  note?: string;
  extra?: Record<string, number | string>;
}

export function makeRow(input: RowInput): BenchRow {
  const row: BenchRow = { ...input };
  if (input.baseline) {
    const b = input.baseline.value;
    row.ratio = input.value != null && b != null && Number.isFinite(b) && b !== 0 ? input.value / b : null;
  }
  if (input.target) row.met = evaluate(input.target, judged(input.target, input.value, input.baseline?.value ?? null, row.ratio ?? null));
  return row;
}

function judged(t: Target, value: number | null, baseline: number | null, ratio: number | null): number | null {
  if (t.on === 'ratio') return ratio;
  if (t.on === 'difference') return value == null || baseline == null ? null : value - baseline;
  return value;
}

function evaluate(t: Target, x: number | null): boolean | null {
  if (x == null || !Number.isFinite(x)) return null;
  if (t.op === '>=') return x >= t.limit;
  if (t.op === '<=') return x <= t.limit;
  return x === t.limit;
}

/** A row a section promises; a baseline measured before its Porthole part failed is kept. */
export type Expected = Pick<BenchRow, 'item' | 'measure' | 'unit' | 'baseline'> & { target?: Target };

/** Collects rows as measurements finish; a failing measurement becomes "not available" rows instead of an exception. */
export class Report {
  readonly rows: BenchRow[] = [];
  /**
   * @param timeoutMs longest a section may take before its rows become "not available"
   * @param onTimeout stops whatever the timed-out section left running
   */
  constructor(private readonly timeoutMs = Infinity, private readonly onTimeout: () => void = () => {}) {}

  add(...rows: BenchRow[]): void {
    this.rows.push(...rows);
  }

  /**
   * Runs one measurement. If it throws, every row it was expected to produce is added
   * as "not available" so the table always has all its rows.
   */
  async section(expected: Expected[], fn: () => Promise<BenchRow[]>): Promise<void> {
    let produced: BenchRow[] = [];
    let reason = '';
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        if (Number.isFinite(this.timeoutMs)) timer = setTimeout(() => reject(new Error(`timed out after ${Math.round(this.timeoutMs / 1000)} s`)), this.timeoutMs);
      });
      produced = await Promise.race([fn(), timeout]);
    } catch (err) {
      reason = (err instanceof Error ? err.message.split('\n')[0] : String(err)).replaceAll(ROOT + '/', '');
      if (/^timed out/.test(reason)) this.onTimeout();
    } finally {
      clearTimeout(timer);
    }
    for (const e of expected) {
      const hit = produced.find((r) => r.item === e.item && r.measure === e.measure);
      this.rows.push(hit ?? makeRow({ ...e, value: null, note: `not available: ${reason || 'no figure produced'}` }));
    }
    for (const r of produced) if (!expected.some((e) => e.item === r.item && e.measure === r.measure)) this.rows.push(r);
  }
}

export function formatNumber(x: number | null | undefined, unit = ''): string {
  if (x == null || !Number.isFinite(x)) return '—';
  const abs = Math.abs(x);
  let s: string;
  if (abs >= 100_000) s = Math.round(x).toLocaleString('en-US');
  else if (abs >= 100) s = x.toFixed(0);
  else if (abs >= 10) s = x.toFixed(1);
  else if (abs >= 1) s = x.toFixed(2);
  else s = x.toFixed(3);
  return unit ? `${s} ${unit}` : s;
}

function status(r: BenchRow): string {
  if (r.note?.startsWith('not available')) return r.note.length > 100 ? r.note.slice(0, 99) + '…' : r.note;
  if (r.met === true) return 'met';
  if (r.met === false) return 'MISSED';
  return r.note ?? '';
}

export function renderTable(rows: readonly BenchRow[]): string {
  const header = ['#', 'measure', 'value', 'baseline', 'ratio', 'target', 'status'];
  const body = rows.map((r) => [
    r.item,
    r.measure,
    formatNumber(r.value, r.unit),
    r.baseline ? `${r.baseline.name}: ${formatNumber(r.baseline.value, r.unit)}` : '',
    r.ratio != null ? `${formatNumber(r.ratio)}×` : r.baseline ? '—' : '',
    r.target?.text ?? '',
    status(r),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' │ ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...body.map(line)].join('\n');
}

/** The same table in Markdown, for docs/benchmarks.md. */
export function renderMarkdown(rows: readonly BenchRow[]): string {
  const esc = (c: string) => c.replaceAll('|', '\\|');
  const body = rows.map((r) => [
    r.item,
    r.measure,
    formatNumber(r.value, r.unit),
    r.baseline ? `${r.baseline.name}: ${formatNumber(r.baseline.value, r.unit)}` : '',
    r.ratio != null ? `${formatNumber(r.ratio)}×` : '',
    r.target?.text ?? '',
    status(r),
  ].map(esc).join(' | '));
  return ['| # | measure | value | baseline | ratio | target | status |', '|---|---|---|---|---|---|---|', ...body.map((b) => `| ${b} |`)].join('\n');
}

export interface ResultsFile {
  generatedAt: string;
  quick: boolean;
  machine: { cpus: number; cpuModel: string; memoryMB: number; platform: string; node: string; loadAverage: number[] };
  sizes: unknown;
  rows: BenchRow[];
}

export function writeResults(file: string, quick: boolean, sizes: unknown, rows: readonly BenchRow[]): ResultsFile {
  const cpus = os.cpus();
  const data: ResultsFile = {
    generatedAt: new Date().toISOString(),
    quick,
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? 'unknown',
      memoryMB: Math.round(os.totalmem() / 2 ** 20),
      platform: `${process.platform} ${os.release()}`,
      node: process.version,
      // Other work on the machine skews every figure (baselines too): recorded so a reader can tell.
      loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    },
    sizes,
    // JSON has no NaN/Infinity: those become null through the replacer below.
    rows: [...rows],
  };
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, JSON.stringify(data, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n');
  return data;
}
