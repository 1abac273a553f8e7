// Session churn: one process playing many short scripts, one after another. Each
// connects, prints a couple of lines, half-closes (FIN) and is gone, as a script that
// prints and exits; the next starts once the previous one's bytes and FIN are sent.
//   node churn-clients.js --port P --sessions N --lines L --tag T [--warmup W]
// With --warmup, W scripts (tag T-w) run first and {"event":"warm"} is printed.
// stdout: {"event":"ready"}, then, after "go" on stdin, {"event":"done","ms":…,"errors":…}.
// Plain JavaScript so it starts in milliseconds, without the TypeScript loader.
import net from 'node:net';
import readline from 'node:readline';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const port = Number(opt('port', '0'));
const sessions = Number(opt('sessions', '100'));
const lines = Number(opt('lines', '2'));
const tag = opt('tag', 'churn');
const warmup = Number(opt('warmup', '0'));
const say = (o) => process.stdout.write(JSON.stringify(o) + '\n');

/** One script: connect, print, FIN, close. Resolves with an error message or null. */
function script(t, n) {
  return new Promise((resolve) => {
    let text = '';
    for (let k = 0; k < lines; k++) text += `${t} ${n} ${k}\n`;
    const s = net.connect({ host: '127.0.0.1', port });
    s.setNoDelay(true);
    s.on('error', (e) => {
      s.destroy();
      resolve(e.message);
    });
    // Anything the listener sends is read and dropped, so closing never turns into a reset.
    s.on('data', () => {});
    s.on('connect', () => {
      s.end(text, () => {
        // Sent and half-closed: the script has exited.
        s.destroy();
        resolve(null);
      });
    });
  });
}

async function run(t, n) {
  let errors = 0;
  let firstError = '';
  for (let i = 0; i < n; i++) {
    const e = await script(t, i);
    if (e) {
      errors++;
      firstError ||= e;
    }
  }
  return { errors, firstError };
}

let go;
const started = new Promise((resolve) => (go = resolve));
readline.createInterface({ input: process.stdin }).on('line', (l) => {
  if (l.trim() === 'go') go();
});

say({ event: 'ready' });
if (warmup > 0) {
  const w = await run(`${tag}-w`, warmup);
  say({ event: 'warm', errors: w.errors, firstError: w.firstError });
}
await started;
const t0 = performance.now();
const r = await run(tag, sessions);
say({ event: 'done', ms: performance.now() - t0, errors: r.errors, firstError: r.firstError });
process.exit(0);
