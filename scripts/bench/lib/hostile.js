// Hostile output for the worst-case rendering: a separate process that writes one kind
// of costly-to-show output to a socket as fast as the socket takes it, then a line
// with a unique marker (on a line of its own, so it shows whatever came before).
//
//   node hostile.js --port P --kind KIND --bytes N --marker TEXT [--wait]
// KIND: plain     80-byte text lines (the baseline)
//       sgr       rows of thousands of alternating colour codes
//       nul       NUL bytes only, no newline
//       longline  printable text, no newline
//       progress  long lines of `\r` progress updates
// stdout: {"event":"connected","localPort":…}, {"event":"done","bytes":…,"ms":…}.
// stdin: "go" starts the output when --wait is given.
// Plain JavaScript so it starts in milliseconds, without the TypeScript loader.
import net from 'node:net';
import readline from 'node:readline';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const port = Number(opt('port', '0'));
const kind = opt('kind', 'plain');
const bytes = Number(opt('bytes', '1000000'));
const marker = opt('marker', 'END');
const wait = args.includes('--wait');
const say = (o) => process.stdout.write(JSON.stringify(o) + '\n');

/** About 1 MB of the kind's output; the stream is this block repeated, the last one cut to size. */
function block() {
  switch (kind) {
    case 'plain': {
      const line = ('flood line: the quick brown fox jumps over the lazy dog 0123456789 ' + '_'.repeat(80)).slice(0, 79) + '\n';
      return Buffer.from(line.repeat(13_107));
    }
    case 'sgr': {
      // 4,000 colour changes a row, each around one character.
      let row = '';
      for (let i = 0; i < 4_000; i++) row += `\x1b[${31 + (i % 7)}m${i % 2 ? '#' : '.'}`;
      row += '\x1b[0m\n';
      return Buffer.from(row.repeat(Math.max(1, Math.round(1_048_576 / row.length))));
    }
    case 'nul':
      return Buffer.alloc(1_048_576);
    case 'longline':
      return Buffer.from('the quick brown fox jumps over the lazy dog 0123456789 '.repeat(19_065));
    case 'progress': {
      // One line of 10,000 updates (about 600 KB), as a progress bar redrawn with `\r`.
      let line = '';
      for (let i = 0; i < 10_000; i++) {
        const done = Math.floor((i / 10_000) * 30);
        line += `\rdownloading ${String(i).padStart(5)}/10000 [${'='.repeat(done)}>${' '.repeat(30 - done)}]`;
      }
      return Buffer.from(line + '\n');
    }
    default:
      throw new Error(`unknown kind ${kind}`);
  }
}

let go;
const started = new Promise((resolve) => (go = resolve));
if (!wait) go();
readline.createInterface({ input: process.stdin }).on('line', (l) => {
  if (l.trim() === 'go') go();
});

const buf = block();
const sock = net.connect({ host: '127.0.0.1', port });
sock.setNoDelay(true);
sock.on('error', (e) => {
  say({ event: 'error', message: e.message });
  process.exit(1);
});
sock.on('connect', async () => {
  say({ event: 'connected', localPort: sock.localPort });
  await started;
  const t0 = performance.now();
  const write = (b) => (sock.write(b) ? null : new Promise((r) => sock.once('drain', r)));
  let sent = 0;
  while (sent < bytes) {
    const b = bytes - sent >= buf.length ? buf : buf.subarray(0, bytes - sent);
    const p = write(b);
    sent += b.length;
    if (p) await p;
  }
  const end = Buffer.from(`\n${marker}\n`);
  const p = write(end);
  if (p) await p;
  sent += end.length;
  sock.end(() => {
    say({ event: 'done', bytes: sent, ms: performance.now() - t0 });
    process.exit(0);
  });
});
