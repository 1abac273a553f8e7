/**
 * `porthole listen` stays bounded when its terminal is slow or blocked, and NUL- or
 * control-heavy output costs no more than ordinary text. Real process, real Python
 * clients, stdout a real pipe (left unread to block it).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { runPorthole, stopAfterEach, type ListenRun } from './helpers/listen.ts';
import { runPython, type PythonRun } from './helpers/python.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { waitFor } from './helpers/wait.ts';

/**
 * argv: port, kind (nul | lines | mixed), total bytes, bytes per second (0: as fast as
 * it can). Sends the flood and a last line, then prints "sent BYTES SHA256 SECONDS".
 */
const FLOOD = `
import sys, time, hashlib
from socket import socket, AF_INET, SOCK_STREAM, SHUT_WR
port, kind, total, rate = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
if kind == 'nul':
    chunk = b'\\0' * 65536
elif kind == 'lines':
    chunk = (b'x' * 79 + b'\\n') * 820
else:
    text = b''.join(b'\\x1b[3%dmline %d\\x1b[0m of text, \\x1b]0;title\\x07\\xe2\\x80\\xae bidi and \\x07 bell\\r\\n' % (i % 8, i) for i in range(400))
    chunk = (b'\\0' * 20000 + b'\\n' + b'\\x1b[2J\\x01\\x02\\x1b[8m' * 200 + b'\\n' + text)[:65536]
sock = socket(AF_INET, SOCK_STREAM)
sock.connect(('127.0.0.1', port))
h = hashlib.sha256()
sent = 0
t0 = time.time()
while sent < total:
    c = chunk[:total - sent]
    sock.sendall(c)
    h.update(c)
    sent += len(c)
    if rate:
        ahead = t0 + sent / rate - time.time()
        if ahead > 0:
            time.sleep(ahead)
last = b'\\nflood done\\n'
sock.sendall(last)
h.update(last)
print('sent %d %s %.3f' % (sent + len(last), h.hexdigest(), time.time() - t0), flush=True)
sock.shutdown(SHUT_WR)
for _ in sock.makefile('rb'):
    pass
`;

let listen: ListenRun | undefined;
const clients: PythonRun[] = [];
stopAfterEach(() => listen, clients);

function flood(port: number, kind: 'nul' | 'lines' | 'mixed', total: number, rate = 0): PythonRun {
  const c = runPython(FLOOD, [port, kind, total, rate]);
  clients.push(c);
  return c;
}

async function sentBy(c: PythonRun, timeoutMs: number): Promise<{ bytes: number; sha256: string; seconds: number }> {
  const m = await waitFor('the client to finish sending', () => /sent (\d+) ([0-9a-f]{64}) ([\d.]+)/.exec(c.stdout()), timeoutMs, () => c.stderr());
  return { bytes: Number(m[1]), sha256: m[2], seconds: Number(m[3]) };
}

const MB = 1024 * 1024;

it('with stdout blocked for 30 s under a flood, memory stays bounded; afterwards skipped rows are marked and the transcript has everything', async () => {
  const dataDir = tempDir('porthole-flow-');
  listen = runPorthole(['listen', '--port', '0', '--data-dir', dataDir], {}, { blockStdout: true, keepStdout: 4 * MB });
  const port = await listen.port();
  await new Promise((r) => setTimeout(r, 500));
  const base = listen.rss();
  if (base === null) console.log('memory not checked: no /proc to read resident memory from');
  const blockedAt = Date.now();
  // Session 1: 100 MiB of NUL bytes as fast as they go. Session 2: NUL runs, colour codes,
  // hostile escapes and short lines at 4 MiB/s for 25 s.
  const nul = flood(port, 'nul', 100 * MB);
  const mixed = flood(port, 'mixed', 100 * MB, 4 * MB);
  let peak = base ?? 0;
  while (Date.now() - blockedAt < 30_000) {
    await new Promise((r) => setTimeout(r, 250));
    peak = Math.max(peak, listen.rss() ?? 0);
  }
  const sent = [await sentBy(nul, 30_000), await sentBy(mixed, 30_000)];
  console.log(`stdout blocked 30 s: NUL ${(sent[0].bytes / MB).toFixed(0)} MiB sent in ${sent[0].seconds.toFixed(1)} s, mixed ${(sent[1].bytes / MB).toFixed(0)} MiB in ${sent[1].seconds.toFixed(1)} s; listen RSS ${((base ?? 0) / MB).toFixed(0)} MiB at start, peak ${(peak / MB).toFixed(0)} MiB (growth ${((peak - (base ?? 0)) / MB).toFixed(0)} MiB)`);
  if (base !== null) expect(peak - base).toBeLessThan(200 * MB);
  // The scripts were not held back by the blocked terminal (the mixed one asked for 25 s).
  expect(sent[0].seconds).toBeLessThan(20);
  expect(sent[1].seconds).toBeLessThan(40);

  listen.readStdout();
  for (const id of [1, 2]) {
    await listen.waitStdout(new RegExp(`\\[${id}\\] -- [\\d,]+ rows not shown \\(terminal too slow\\); all are in the transcript\\n`), 30_000);
    await listen.waitStdout(`[${id}] flood done\n`, 30_000);
  }
  const out = listen.stdout();
  const skipped = [1, 2].map((id) => new RegExp(`\\[${id}\\] -- ([\\d,]+) rows not shown`).exec(out)![1]);
  console.log(`after draining: ${skipped[0]} and ${skipped[1]} rows not shown, ${(listen.stdoutBytes() / MB).toFixed(1)} MiB printed in all`);
  // Still only the safe subset after all that.
  expect(out).not.toMatch(/\x1b(?!\[[0-9;]*m)|\x1b\[[0-9;]*\b8m|[\x00-\x08\x0b-\x1a\x1c-\x1f]/);

  const sessions = fs.readdirSync(path.join(dataDir, 'sessions')).sort();
  const hashes = sessions.map((key) => crypto.createHash('sha256').update(fs.readFileSync(path.join(dataDir, 'sessions', key, 'out.bin'))).digest('hex'));
  expect(hashes.sort()).toEqual(sent.map((s) => s.sha256).sort());
}, 150_000);

it('a flood of NUL bytes goes through as fast as plain 80-byte lines (within 2x), escape-heavy text within 3x', async () => {
  const rates: Record<string, number> = {};
  for (const kind of ['lines', 'nul', 'mixed'] as const) {
    const dataDir = tempDir('porthole-flow-');
    const run = runPorthole(['listen', '--port', '0', '--data-dir', dataDir], {}, { keepStdout: 100_000 });
    listen = run;
    const port = await run.port();
    const start = Date.now();
    const client = flood(port, kind, 20 * MB);
    await run.waitStdout('[1] flood done\n', 90_000);
    const seconds = (Date.now() - start) / 1000;
    const sent = await sentBy(client, 10_000);
    rates[kind] = sent.bytes / seconds;
    const skipped = /rows not shown/.test(run.stdout()) ? ' (some rows skipped)' : '';
    console.log(`${kind}: 20 MiB through listen in ${seconds.toFixed(2)} s = ${(rates[kind] / MB).toFixed(1)} MiB/s; script sent in ${sent.seconds.toFixed(2)} s; ${(run.stdoutBytes() / MB).toFixed(1)} MiB printed${skipped}`);
    client.kill();
    run.kill();
    await run.exited;
    listen = undefined;
  }
  console.log(`throughput against plain lines: NUL ${(rates.nul / rates.lines).toFixed(2)}, escape-heavy ${(rates.mixed / rates.lines).toFixed(2)}`);
  expect(rates.nul).toBeGreaterThanOrEqual(rates.lines / 2);
  // Short lines each with colours, a title sequence, a bidi override and a bell print more and cost more per byte.
  expect(rates.mixed).toBeGreaterThanOrEqual(rates.lines / 3);
}, 240_000);
