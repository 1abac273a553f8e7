/** Bookmarks on rows: kept with the session through a restart, in both exports, in the QA report and `porthole export --format report`. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startCore, type TestCore } from './helpers/core.ts';
import { REPO } from './helpers/listen.ts';
import { expectExit0, runPython } from './helpers/python.ts';
import { removeTempDirs, tempDir } from './helpers/temp-dir.ts';

afterAll(removeTempDirs);

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function exported(core: TestCore['core'], id: number, format: 'text' | 'jsonl' | 'report'): Promise<string> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString('utf8')));
  await core.exportSession(id, format, out);
  return text;
}

const DIALOG = `
import socket, sys, json
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s.sendall(b'\\0PORTHOLE/1 ' + json.dumps({"name": "shop.py", "command": "python3 shop.py --demo"}).encode() + b'\\n')
f = s.makefile('rw', newline='')
for i in range(1, 6): f.write('line %d\\n' % i)
f.write('Quantity? '); f.flush()
q = f.readline().strip()
f.write('total: %s items, price 0.00\\n' % q)
for i in range(6, 9): f.write('line %d\\n' % i)
f.flush()
s.close()
`;

describe('bookmarks', () => {
  it('survive a restart, reopen with the past session, and appear in exports and the QA report', { timeout: 30_000 }, async () => {
    const dataDir = tempDir('porthole-marks-');
    t = await startCore({ dataDir });
    const py = runPython(DIALOG, [t.port]);
    const s = await t.session(() => true);
    await t.rowsUntil(s.id, (rs) => rs.some((r) => r.open && r.text === 'Quantity? '));
    await t.send(s.id, '3');
    await expectExit0(py);
    const rows = await t.rowsUntil(s.id, (rs) => rs.some((r) => r.text === 'line 8'));
    const total = rows.find((r) => r.text.startsWith('total:'))!;
    const first = rows.find((r) => r.text === 'line 1')!;
    await t.core.invoke('bookmark:set', { id: s.id, row: total.index, note: 'price should not be 0.00' });
    const list = await t.core.invoke('bookmark:set', { id: s.id, row: first.index });
    expect(list.map((b) => [b.row, b.note])).toEqual([[first.index, ''], [total.index, 'price should not be 0.00']]);
    await t.event('bookmarks', (e) => e.id === s.id && e.bookmarks.length === 2);
    // The note can change; the file is written whole.
    await t.core.invoke('bookmark:set', { id: s.id, row: first.index, note: 'start' });
    expect(JSON.parse(fs.readFileSync(path.join(t.dataDir, 'sessions', s.key, 'bookmarks.json'), 'utf8')).bookmarks).toHaveLength(2);
    await expect(t.core.invoke('bookmark:set', { id: s.id, row: 10_000 })).rejects.toThrow('there is no row 10001');
    await expect(t.core.invoke('bookmark:set', { id: s.id, row: 0, note: 'x'.repeat(501) })).rejects.toThrow('at most 500 characters');
    await expect(t.core.invoke('bookmark:set', { id: s.id, row: 0, note: 'a\u202eb' })).rejects.toThrow('direction overrides');

    await t.core.invoke('session:close', { id: s.id });
    await t.session((x) => x.id === s.id && x.state === 'closed');
    await t.close();

    t = await startCore({ dataDir });
    const past = await t.core.invoke('past:open', { key: s.key });
    const marks = await t.core.invoke('bookmark:list', { id: past.id });
    expect(marks.map((b) => [b.row, b.note])).toEqual([[first.index, 'start'], [total.index, 'price should not be 0.00']]);

    const text = await exported(t.core, past.id, 'text');
    expect(text).toMatch(/\] {3}total: 3 items, price 0\.00\n\[[^\]]+\] \*\* bookmark: price should not be 0\.00\n/);
    const jsonl = (await exported(t.core, past.id, 'jsonl')).trim().split('\n').map((l) => JSON.parse(l) as { row: number; bookmark?: { note: string } });
    expect(jsonl.filter((r) => r.bookmark).map((r) => [r.row, r.bookmark!.note])).toEqual([[first.index, 'start'], [total.index, 'price should not be 0.00']]);

    const report = await exported(t.core, past.id, 'report');
    expect(report).toContain('# QA report: shop.py');
    expect(report).toContain('- **Command:** `python3 shop.py --demo`');
    expect(report).toMatch(/## Steps\n\n1\. sent `3` at /);
    expect(report).toContain('     line 5\n');
    expect(report).toContain('     Quantity? \n');
    expect(report).toContain(`### 2. Row ${total.index + 1}: price should not be 0.00`);
    // Three rows of context either side of the marked row.
    const finding = report.slice(report.indexOf('### 2.'));
    expect(finding).toContain('line 5');
    expect(finding).toContain(`=> ${String(total.index + 1).padStart(6)}   total: 3 items, price 0.00`);
    expect(finding).toContain('line 8');
    expect(finding).not.toContain('line 4');

    // Removing one is kept too.
    await t.core.invoke('bookmark:remove', { id: past.id, row: first.index });
    await t.close();
    t = null;

    // The command line reads the same report from the data folder.
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(REPO, 'bin/porthole.js'), 'export', s.key, '--format', 'report', '--data-dir', dataDir]);
    expect(stdout).toContain(`### 1. Row ${total.index + 1}: price should not be 0.00`);
    expect(stdout).not.toContain('start');
  });
});
