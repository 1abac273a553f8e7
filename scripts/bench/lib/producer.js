// Flood producer: a separate process that writes 80-byte lines to a socket as fast as
// the socket takes them (or at a capped rate), so the sink's process is measured alone.
// Plain JavaScript so it starts in milliseconds, without the TypeScript loader.
//
//   node producer.js --port P [--host H] --lines N [--rate LINES_PER_S] [--marker TEXT]
//                    [--wait] [--forever]
// stdout: JSON lines {"event":"connected",…} and {"event":"done",…}.
// stdin: "go" starts the flood when --wait is given; "stop" ends a --forever flood.
import net from 'node:net';
import readline from 'node:readline';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const host = opt('host', '127.0.0.1');
const port = Number(opt('port', '0'));
const lines = Number(opt('lines', '1000000'));
const rate = Number(opt('rate', '0'));
const marker = opt('marker', 'END');
const wait = args.includes('--wait');
const forever = args.includes('--forever');

const LINE = 80;
const PER_BLOCK = 800;
// A fixed text for the bulk: the point is bytes and line endings, not content.
const body = 'flood line: the quick brown fox jumps over the lazy dog 0123456789 abcdefghijk';
const oneLine = (body + '_'.repeat(LINE)).slice(0, LINE - 1) + '\n';
const block = Buffer.from(oneLine.repeat(PER_BLOCK));
const last = Buffer.from((marker + ' ' + '.'.repeat(LINE)).slice(0, LINE - 1) + '\n');

const say = (o) => process.stdout.write(JSON.stringify(o) + '\n');
let stopped = false;
let go;
const started = new Promise((resolve) => (go = resolve));
if (!wait) go();
readline.createInterface({ input: process.stdin }).on('line', (l) => {
  if (l.trim() === 'go') go();
  if (l.trim() === 'stop') stopped = true;
});

const sock = net.connect({ host, port });
sock.setNoDelay(true);
sock.on('error', (e) => {
  say({ event: 'error', message: e.message });
  process.exit(1);
});
sock.on('connect', async () => {
  say({ event: 'connected', localPort: sock.localPort });
  await started;
  const t0 = performance.now();
  let sent = 0;
  const write = (buf) => (sock.write(buf) ? null : new Promise((r) => sock.once('drain', r)));
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const total = forever ? Infinity : lines - 1;
  while (sent < total && !stopped) {
    if (rate > 0) {
      // Stay on the line budget of the elapsed time.
      const allowed = ((performance.now() - t0) / 1000) * rate;
      if (sent >= allowed) {
        await sleep(2);
        continue;
      }
    }
    const n = Math.min(PER_BLOCK, total - sent);
    const p = write(n === PER_BLOCK ? block : block.subarray(0, n * LINE));
    sent += n;
    if (p) await p;
  }
  const p = write(last);
  if (p) await p;
  sent += 1;
  sock.end(() => {
    say({ event: 'done', lines: sent, bytes: sent * LINE, ms: performance.now() - t0 });
    process.exit(0);
  });
});
