import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRow, renderMarkdown, renderTable, Report, writeResults, type Expected, type Target } from './report.ts';

const atLeast40: Target = { on: 'ratio', op: '>=', limit: 0.4, text: '≥ 0.40×' };
const under50: Target = { on: 'value', op: '<=', limit: 50, text: '≤ 50 ms' };

describe('makeRow', () => {
  it('computes the ratio to the baseline and judges a ratio target', () => {
    const met = makeRow({ item: '1', measure: 'm', value: 50, unit: 'MB/s', baseline: { name: 'raw', value: 100 }, target: atLeast40 });
    expect(met.ratio).toBe(0.5);
    expect(met.met).toBe(true);
    const missed = makeRow({ item: '1', measure: 'm', value: 30, unit: 'MB/s', baseline: { name: 'raw', value: 100 }, target: atLeast40 });
    expect(missed.met).toBe(false);
  });
  it('judges a value target without a baseline', () => {
    expect(makeRow({ item: '4', measure: 'p99', value: 51, unit: 'ms', target: under50 }).met).toBe(false);
    expect(makeRow({ item: '4', measure: 'p99', value: 50, unit: 'ms', target: under50 }).met).toBe(true);
  });
  it('judges a difference target on the value minus the baseline', () => {
    const grow: Target = { on: 'difference', op: '<=', limit: 70, text: '≤ before + 70' };
    expect(makeRow({ item: '8', measure: 'fds', value: 100, unit: '', baseline: { name: 'before', value: 30 }, target: grow }).met).toBe(true);
    expect(makeRow({ item: '8', measure: 'fds', value: 101, unit: '', baseline: { name: 'before', value: 30 }, target: grow }).met).toBe(false);
    expect(makeRow({ item: '8', measure: 'fds', value: 101, unit: '', baseline: { name: 'before', value: null }, target: grow }).met).toBeNull();
  });
  it('leaves ratio and verdict empty when a figure is missing or infinite', () => {
    const r = makeRow({ item: '1', measure: 'm', value: null, unit: 'MB/s', baseline: { name: 'raw', value: 100 }, target: atLeast40 });
    expect(r.ratio).toBeNull();
    expect(r.met).toBeNull();
    expect(makeRow({ item: '4', measure: 'p99', value: Infinity, unit: 'ms', target: under50 }).met).toBeNull();
    expect(makeRow({ item: '1', measure: 'm', value: 5, unit: 'x', baseline: { name: 'zero', value: 0 } }).ratio).toBeNull();
  });
});

describe('Report.section', () => {
  it('turns a failing measurement into "not available" rows, keeping a baseline already measured', async () => {
    const report = new Report();
    const rows: Expected[] = [
      { item: '1', measure: 'core', unit: 'MB/s', target: atLeast40 },
      { item: '1', measure: 'app', unit: 'MB/s' },
    ];
    await report.section(rows, async () => {
      rows[0].baseline = { name: 'raw', value: 100 };
      throw new Error('Cannot find module core\nstack…');
    });
    expect(report.rows).toHaveLength(2);
    expect(report.rows[0].note).toBe('not available: Cannot find module core');
    expect(report.rows[0].baseline).toEqual({ name: 'raw', value: 100 });
    expect(report.rows[0].met).toBeNull();
    expect(report.rows[1].measure).toBe('app');
  });
  it('fills a promised row the measurement did not produce, in the promised order', async () => {
    const report = new Report();
    await report.section([{ item: '6', measure: 'a', unit: '' }, { item: '6', measure: 'b', unit: '' }], async () => [
      makeRow({ item: '6', measure: 'b', value: 2, unit: '' }),
    ]);
    expect(report.rows.map((r) => [r.measure, r.value])).toEqual([['a', null], ['b', 2]]);
    expect(report.rows[0].note).toMatch(/^not available/);
  });
  it('gives up on a section that takes too long and calls the clean-up', async () => {
    let cleaned = false;
    const report = new Report(50, () => (cleaned = true));
    await report.section([{ item: '7', measure: 'slow', unit: 's' }], () => new Promise(() => {}));
    expect(report.rows[0].note).toBe('not available: timed out after 0 s');
    expect(cleaned).toBe(true);
  });
});

describe('outputs', () => {
  const rows = [
    makeRow({ item: '1', measure: 'raw sink', value: 600, unit: 'MB/s' }),
    makeRow({ item: '1', measure: 'core', value: 150, unit: 'MB/s', baseline: { name: 'raw', value: 600 }, target: atLeast40 }),
    makeRow({ item: '4', measure: 'p99', value: NaN, unit: 'ms', note: 'not available: no app' }),
  ];
  it('prints one line per row with the verdict', () => {
    const lines = renderTable(rows).split('\n');
    expect(lines).toHaveLength(2 + rows.length);
    expect(lines[3]).toContain('0.250×');
    expect(lines[3]).toContain('MISSED');
    expect(lines[4]).toContain('not available: no app');
  });
  it('renders the same rows as a Markdown table, escaping pipes', () => {
    const md = renderMarkdown([...rows, makeRow({ item: '7', measure: 'a|b', value: 1, unit: 's' })]).split('\n');
    expect(md).toHaveLength(2 + rows.length + 1);
    expect(md[3]).toContain('| 0.250× | ≥ 0.40× | MISSED |');
    expect(md[5]).toContain('a\\|b');
  });
  it('writes JSON with every row and no NaN', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-report-'));
    try {
      const file = path.join(dir, 'sub/results.json');
      writeResults(file, true, { lines: 1 }, rows);
      const data = JSON.parse(readFileSync(file, 'utf8')) as { quick: boolean; rows: Array<{ value: number | null }>; machine: { cpus: number } };
      expect(data.quick).toBe(true);
      expect(data.rows).toHaveLength(3);
      expect(data.rows[2].value).toBeNull();
      expect(data.machine.cpus).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
