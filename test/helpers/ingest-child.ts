/**
 * Runs a core in a process of its own so its memory can be measured: prints
 * `PORT n`, waits until a session has received `expect` bytes and finished sending,
 * sampling RSS on the way, then prints one JSON line with what it measured and the
 * rows asked for, and exits.
 * Usage: node bin/tsx.js test/helpers/ingest-child.ts DATA_DIR EXPECT_BYTES ROW,ROW,…
 */
import { createService } from '../../electron/core/service.ts';

const [dataDir, expectArg, rowsArg] = process.argv.slice(2);
const expectBytes = Number(expectArg);
const wanted = rowsArg.split(',').map(Number);

const core = await createService({ dataDir, listeners: [{ host: '127.0.0.1', port: 0 }] });
const [l] = await core.invoke('listener:list', null);
global.gc?.();
const rssBefore = process.memoryUsage().rss;
process.stdout.write(`PORT ${l.port}\n`);

let peakRss = rssBefore;
let peakHeap = 0;
const started = Date.now();
for (;;) {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
  const [s] = await core.invoke('session:list', null);
  if (s && s.bytesIn >= expectBytes && s.state !== 'live') break;
  if (Date.now() - started > 120_000) throw new Error(`gave up: ${JSON.stringify(s)}`);
  await new Promise((r) => setTimeout(r, 25));
}
const [s] = await core.invoke('session:list', null);
// What stays once garbage is collected, before this report reads any rows itself.
global.gc?.();
await new Promise((r) => setTimeout(r, 100));
global.gc?.();
const retained = process.memoryUsage();
const flags: string[] = [];
// Replies are bounded in bytes: ask again from where each one stopped.
for (let from = 0; from < s.rows;) {
  const res = await core.invoke('session:rows', { id: s.id, from, to: from + 1000 });
  for (const r of res.rows) flags.push(`${r.kind}:${r.cont ? 'c' : ''}${r.open ? 'o' : ''}:${r.kind === 'note' ? r.text : r.text.length}`);
  if (!res.rows.length) break;
  from += res.rows.length;
}
const sample: Record<number, string> = {};
for (const i of wanted) sample[i] = (await core.invoke('session:rows', { id: s.id, from: i, to: i + 1 })).rows[0]?.text ?? '';
await core.close();
// A pipe's writes are asynchronous: exit only once the report is out.
process.stdout.write(JSON.stringify({ info: s, rssBefore, peakRss, peakHeap, retainedRss: retained.rss, retainedHeap: retained.heapUsed, retainedBuffers: retained.arrayBuffers, flags, sample }) + '\n', () => process.exit(0));
