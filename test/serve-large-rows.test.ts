/**
 * Copying every row of a 100 MB session of NUL bytes through browser mode: each
 * `session:rows` reply is bounded in size (a NUL becomes six characters of JSON), so the
 * server answers every request and lives; the page asks again from where each reply stopped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, afterEach, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../electron/web/server.ts';
import { login } from '../electron/web/testing/raw-ws.ts';
import type { Row } from '../shared/types.ts';
import { startCore, type TestCore } from './helpers/core.ts';
import { expectExit0, runPython } from './helpers/python.ts';
import { removeTempDirs, tempDir } from './helpers/temp-dir.ts';

afterAll(removeTempDirs);

let t: TestCore | null = null;
let web: WebServer | null = null;
afterEach(async () => {
  await web?.close();
  web = null;
  await t?.close();
  t = null;
});

const TOTAL = 100 * 1024 * 1024;

it('rows of a 100 MB NUL session copied through serve: every reply bounded, every row delivered, the server lives', { timeout: 180_000 }, async () => {
  t = await startCore();
  await expectExit0(runPython(`
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
block = b'\\0' * (1 << 20)
for _ in range(int(sys.argv[2]) >> 20):
    s.sendall(block)
s.close()
`, [t.port, TOTAL]), 120_000);
  const s = await t.session((x) => x.bytesIn === TOTAL, 60_000);

  const rendererDir = tempDir('porthole-renderer-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Porthole</title>');
  web = await startWebServer({ service: t.core, rendererDir, port: 0 });
  const cookie = await login(web.freshUrl());
  const origin = `http://127.0.0.1:${web.port}`;
  const ws = new WebSocket(`ws://127.0.0.1:${web.port}/ws`, { headers: { Origin: origin, Cookie: cookie } });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));

  let serial = 0;
  let largestMessage = 0;
  const pending = new Map<number, (m: { result?: { rows: Row[]; count: number; from: number }; error?: string }) => void>();
  ws.on('message', (data: Buffer) => {
    largestMessage = Math.max(largestMessage, data.length);
    const m = JSON.parse(data.toString());
    if (m.t === 'result') pending.get(m.n)?.(m);
  });
  const rows = (from: number, to: number) => new Promise<{ rows: Row[]; count: number; from: number }>((resolve, reject) => {
    const n = ++serial;
    pending.set(n, (m) => (m.error ? reject(new Error(m.error)) : resolve(m.result!)));
    ws.send(JSON.stringify({ t: 'invoke', n, cmd: 'session:rows', args: { id: s.id, from, to } }));
  });

  // As the window's Copy does: everything, asked for in request-sized pieces.
  let chars = 0;
  let requests = 0;
  for (let at = 0; at < s.rows;) {
    const res = await rows(at, s.rows);
    requests++;
    expect(res.rows.length).toBeGreaterThan(0);
    for (const r of res.rows) if (r.kind === 'out') chars += r.text.length;
    at = res.from + res.rows.length;
  }
  process.stdout.write(`copied ${s.rows} rows in ${requests} requests; largest message ${(largestMessage / 2 ** 20).toFixed(1)} MiB\n`);
  expect(chars).toBe(TOTAL);
  expect(requests).toBeGreaterThan(50);
  expect(largestMessage).toBeLessThan(16 * 1024 * 1024);
  ws.close();
  // Still serving.
  const res = await fetch(`${origin}/`, { headers: { Cookie: cookie } });
  expect(res.status).toBe(200);
});
