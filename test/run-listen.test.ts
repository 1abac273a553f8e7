/** End to end in terminal mode: `porthole listen` and `porthole run`, both real processes. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { waitFor } from './fixtures/porthole-core.ts';
import { porthole, REPO } from './fixtures/run-process.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'porthole-listen-'));
const listen = spawn(process.execPath, [path.join(REPO, 'bin/porthole.js'), 'listen', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir], {
  cwd: REPO,
  stdio: ['pipe', 'pipe', 'pipe'],
});
let out = '';
let err = '';
listen.stdout.on('data', (d: Buffer) => (out += d.toString()));
listen.stderr.on('data', (d: Buffer) => (err += d.toString()));

afterAll(async () => {
  listen.kill('SIGTERM');
  await new Promise((r) => listen.once('close', r));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('runs a program into a `porthole listen` session: output, stderr marked, input, exit status', async () => {
  const port = await waitFor('the listening port', () => /Listening on 127\.0\.0\.1:(\d+)/.exec(err)?.[1], 20_000);
  const r = porthole(['run', '--port', port, '--name', 'asker', '--', 'sh', '-c', 'echo "question?"; echo "warning" >&2; read a; echo "answer: $a"; exit 2']);
  await waitFor('the question', () => /\[(\d+)\] question\?/.test(out));
  const n = /\[(\d+)\] question\?/.exec(out)![1];
  await waitFor('the warning', () => out.includes(`[${n}] ! warning`));
  listen.stdin.write('forty-two\n');
  await waitFor('the answer', () => out.includes(`[${n}] answer: forty-two`));
  await waitFor('the exit note', () => new RegExp(`\\[${n}\\] -- program exited with status 2`).test(out));
  expect((await r.done).code).toBe(2);
});
