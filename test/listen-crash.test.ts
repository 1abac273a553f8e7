/**
 * A `kill -9` of `porthole listen` loses nothing already received: the transcript on
 * disk holds every byte, and a fresh service lists and reopens it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { dialog, startCore, texts } from './helpers/core.ts';
import { runPorthole } from './helpers/listen.ts';
import { runPython } from './helpers/python.ts';
import { removeTempDirs, tempDir } from './helpers/temp-dir.ts';

afterAll(removeTempDirs);

it('the transcript after kill -9 holds everything received before it', async () => {
  const dataDir = tempDir('porthole-crash-');
  const listen = runPorthole(['listen', '--port', '0', '--data-dir', dataDir]);
  const py = runPython(`
import sys, time
from socket import socket, AF_INET, SOCK_STREAM
sock = socket(AF_INET, SOCK_STREAM)
sock.connect(('127.0.0.1', int(sys.argv[1])))
sys.stdout = sock.makefile('w')
sys.stdin = sock.makefile('r')
for i in range(300):
    print('line %d of the doomed session ✓' % i)
    sys.stdout.flush()
print('Answer? ', end='')
answer = input()
print('thanks for', answer)
sys.stdout.write('and an unfinished li')
sys.stdout.flush()
time.sleep(30)
`, [await listen.port()]);
  try {
    await listen.waitStdout('[1] line 299 of the doomed session ✓\n');
    await listen.waitStdout(/\[1\] Answer\? $/);
    listen.type('forty-two');
    await listen.waitStdout('[1] thanks for forty-two\n');
    await listen.waitStdout('[1] and an unfinished li');
    listen.kill('SIGKILL');
    expect((await listen.exited).signal).toBe('SIGKILL');
  } finally {
    listen.kill();
    py.kill();
  }

  const [key] = fs.readdirSync(path.join(dataDir, 'sessions'));
  const dir = path.join(dataDir, 'sessions', key);
  const lines = Array.from({ length: 300 }, (_, i) => `line ${i} of the doomed session ✓\n`).join('');
  const expectedOut = `${lines}Answer? thanks for forty-two\nand an unfinished li`;
  expect(fs.readFileSync(path.join(dir, 'out.bin'), 'utf8')).toBe(expectedOut);
  expect(fs.readFileSync(path.join(dir, 'sent.bin'), 'utf8')).toBe('forty-two\n');

  const core = await startCore({ dataDir, noListener: true });
  try {
    const past = await core.core.invoke('past:list', null);
    expect(past.map((p) => p.key)).toEqual([key]);
    expect(past[0]).toMatchObject({ bytesIn: Buffer.byteLength(expectedOut), bytesOut: 10 });
    const info = await core.core.invoke('past:open', { key });
    expect(info).toMatchObject({ readOnly: true, state: 'closed', bytesIn: Buffer.byteLength(expectedOut), bytesOut: 10, linesIn: 301 });
    const rows = await core.rows(info.id);
    expect(rows[0].text).toMatch(/^connected from 127\.0\.0\.1:\d+$/);
    expect(dialog(rows).slice(1)).toEqual([
      ...Array.from({ length: 300 }, (_, i) => `out:line ${i} of the doomed session ✓`),
      'out:Answer? ', 'sent:forty-two', 'out:thanks for forty-two', 'out:and an unfinished li',
    ]);
    expect(texts(rows, 'note')).toHaveLength(1);
    await expect(core.send(info.id, 'hello?')).rejects.toThrow(/past session/);
  } finally {
    await core.close();
  }
});
