// `npm run bench:command -- --quick` end to end: it finishes, and each of its rows is a
// figure beside its baseline or says why it is not available.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { ResultsFile } from './lib/report.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

it('bench:command --quick writes its three rows', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-command-'));
  try {
    const out = path.join(dir, 'results.json');
    const r = spawnSync(process.execPath, ['bin/tsx.js', 'scripts/bench/command.ts', '--quick', '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 110_000 });
    expect(r.status, r.stderr).toBe(0);
    const data = JSON.parse(readFileSync(out, 'utf8')) as ResultsFile;
    expect(data.rows.map((row) => row.measure)).toEqual([
      'porthole --help: start-up time',
      'porthole --help: peak RSS',
      expect.stringMatching(/^porthole run: python3 -u prints [\d,]+ lines into the core$/),
    ]);
    for (const row of data.rows) {
      if (row.value == null) expect(row.note, row.measure).toMatch(/^not available: ./);
      else expect(row.baseline?.value, row.measure).toBeGreaterThan(0);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
