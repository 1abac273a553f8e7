/** A dialog recorded on a pseudo-terminal (`porthole run --pty`) replays on one. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDialog } from '../shared/dialog.ts';
import { loadPty } from '../electron/cli/run-pty.ts';
import { startPorthole, waitFor, type TestPorthole } from './fixtures/porthole-core.ts';
import { porthole } from './fixtures/run-process.ts';

const pty = await loadPty();
const why = typeof pty === 'string' ? pty : '';
if (why) console.log(`skipped: ${why}`);

let ph: TestPorthole;
let tmp: string;
beforeAll(async () => {
  ph = await startPorthole();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'porthole-dialog-pty-'));
});
afterAll(async () => {
  await ph?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(!!why)('dialogs on a pseudo-terminal', () => {
  it('records with run --pty, exports, and replays on a terminal', async () => {
    const script = path.join(tmp, 'tty.py');
    fs.writeFileSync(script, 'import sys\nprint("tty" if sys.stdin.isatty() else "pipe")\nx = input("Say: ")\nprint("you said", x.upper())\nsys.exit(2)\n');
    const run = porthole(['run', '--port', String(ph.port), '--pty', '--name', 'tty', '--', 'python3', script]);
    const s = await ph.session('tty', 10_000);
    await ph.rowsUntil(s.id, (rows) => rows.some((r) => r.text.includes('Say: ')), 10_000);
    await ph.core.invoke('session:send', { id: s.id, text: 'hey', ending: 'lf' });
    await ph.rowsUntil(s.id, (rows) => rows.some((r) => /exited with status 2/.test(r.text)), 10_000);
    await run.done;
    await waitFor('the session to close', async () => (await ph.session((x) => x.id === s.id)).state === 'closed', 5000);
    const file = path.join(tmp, 'tty.dialog.json');
    const exported = await porthole(['export', 'tty', '--format', 'dialog', '-o', file, '--data-dir', ph.dataDir]).done;
    expect(exported.code).toBe(0);
    const d = parseDialog(fs.readFileSync(file, 'utf8'));
    expect(d.program?.pty).toBe(true);
    expect(d.steps[0]).toEqual({ expect: ['tty', 'Say: '], send: 'hey' });
    // The terminal echoes the reply before the program answers.
    expect(d.steps[1].expect).toEqual(['hey', 'you said HEY']);
    const r = await porthole(['replay', file]).done;
    expect(r.stdout).toContain('PASS');
    expect(r.code).toBe(0);
  });
});
