// Scale load: one process opening many concurrent connections, each sending numbered
// lines, so the core serves them all at once.
//   node scale-clients.js --port P --clients C --lines L
// stdout: {"event":"connected"} once all are connected, then waits for "go" on stdin,
// then {"event":"done","ms":…} once every connection has sent everything and ended.
import net from 'node:net';
import readline from 'node:readline';

const args = process.argv.slice(2);
const opt = (name) => Number(args[args.indexOf(`--${name}`) + 1]);
const port = opt('port');
const clients = opt('clients');
const lines = opt('lines');
const say = (o) => process.stdout.write(JSON.stringify(o) + '\n');

const socks = [];
let connected = 0;
for (let c = 0; c < clients; c++) {
  const s = net.connect({ host: '127.0.0.1', port });
  s.on('error', (e) => {
    say({ event: 'error', message: `client ${c}: ${e.message}` });
    process.exit(1);
  });
  s.on('connect', () => {
    if (++connected === clients) say({ event: 'connected' });
  });
  socks.push(s);
}

readline.createInterface({ input: process.stdin }).on('line', (l) => {
  if (l.trim() !== 'go') return;
  const t0 = performance.now();
  let ended = 0;
  socks.forEach((s, c) => {
    // Several writes per client so lines of different sessions interleave in the core.
    let i = 0;
    const pump = () => {
      while (i < lines) {
        let chunk = '';
        for (let k = 0; k < 50 && i < lines; k++, i++) chunk += `client ${c} line ${i}\n`;
        if (!s.write(chunk)) return void s.once('drain', pump);
        if (i % 200 === 0) return void setImmediate(pump);
      }
      s.end(() => {
        if (++ended === clients) {
          say({ event: 'done', ms: performance.now() - t0 });
          process.exit(0);
        }
      });
    };
    pump();
  });
});
