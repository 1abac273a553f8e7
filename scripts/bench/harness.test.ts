// `npm run bench:core -- --quick` end to end: it finishes and every row is either a
// figure or says why it is not available.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { ResultsFile } from './lib/report.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function runQuick(script: string): ResultsFile {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-harness-'));
  try {
    const out = path.join(dir, 'results.json');
    const r = spawnSync(process.execPath, ['bin/tsx.js', script, '--quick', '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 110_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('results written to');
    const data = JSON.parse(readFileSync(out, 'utf8')) as ResultsFile;
    expect(data.quick).toBe(true);
    for (const row of data.rows) {
      expect(row.value != null || /^not available: ./.test(row.note ?? ''), row.measure).toBe(true);
    }
    return data;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

it('bench:core --quick writes a complete results file', () => {
  const data = runQuick('scripts/bench/core.ts');
  expect(data.rows.map((row) => row.item)).toEqual(['1', '1', '1', '2', '6', '6', '6', '7', '7', '7', '7', '8', '8', '8', '8', '8']);
  expect(data.rows[0].value).toBeGreaterThan(0);
  // Session churn: every short script arrived, and the descriptors were measured.
  const churn = data.rows.filter((row) => row.item === '8');
  expect(churn[0].value).toBe(churn[0].baseline?.value);
  expect(churn[2].baseline?.value).toBeGreaterThan(0);
}, 120_000);

const chromium = process.env.PORTHOLE_CHROMIUM ?? '/usr/bin/chromium';
it.skipIf(!existsSync(chromium) || !existsSync(path.join(ROOT, 'out/renderer/index.html')))('bench:ui --quick writes a complete results file', () => {
  const data = runQuick('scripts/bench/ui.ts');
  expect(data.rows.map((row) => row.item)).toEqual(['1', '2', '3', '3', '3', '4', '4', '4', '4', '4', '4', '5', '5', '7', ...Array(10).fill('9'), '10', '10', '10', '10', '10']);
  // The peer's own figure needs only Chromium and xterm.js.
  expect(data.rows.find((row) => row.measure.includes('lines/s to last line'))?.baseline?.value).toBeGreaterThan(0);
}, 120_000);
