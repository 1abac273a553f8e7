// `npm run bench:core -- --quick` end to end: it finishes and every row is either a
// figure or says why it is not available.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { ResultsFile } from './lib/report.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

it('bench:core --quick writes a complete results file', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-harness-'));
  try {
    const out = path.join(dir, 'results.json');
    const r = spawnSync(process.execPath, ['bin/tsx.js', 'scripts/bench/core.ts', '--quick', '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 110_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('raw Node sink (a)');
    const data = JSON.parse(readFileSync(out, 'utf8')) as ResultsFile;
    expect(data.quick).toBe(true);
    expect(data.rows.map((row) => row.item)).toEqual(['1', '1', '1', '2', '6', '6', '6', '7', '7', '7', '7']);
    for (const row of data.rows) {
      expect(row.value != null || /^not available: ./.test(row.note ?? ''), row.measure).toBe(true);
    }
    expect(data.rows[0].value).toBeGreaterThan(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
