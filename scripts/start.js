// `npm start`: builds the app and opens the Porthole window. Where Electron cannot
// run (no binary, no display, it fails to start) it says why and serves the same
// interface to a browser instead (`porthole serve`), printing the address.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { appEnv, displayProblem, findElectronBinary } from './electron-binary.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
/** An Electron that exits with an error this soon after starting never opened its window. */
const EARLY_FAILURE_MS = 5000;

/** What `npm run build` does: the app (electron-vite) and the `porthole` command that browser mode runs (out/cli). */
function build() {
  const require = createRequire(import.meta.url);
  const electronVite = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
  const vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  process.stdout.write('Building Porthole (npm run build)…\n');
  for (const args of [[electronVite, 'build'], [vite, 'build', '-c', 'cli.vite.config.ts']]) {
    const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0) {
      process.stderr.write('porthole: the build failed (see above)\n');
      process.exit(result.status ?? 1);
    }
  }
}

function forwardSignals(child) {
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
}

function browserMode(reason) {
  process.stdout.write(`Cannot open the Porthole window: ${reason}.\nServing the interface to a browser instead (porthole serve).\n`);
  const child = spawn(process.execPath, [join(root, 'bin', 'porthole.js'), 'serve', ...args], { cwd: root, stdio: 'inherit' });
  forwardSignals(child);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function electronMode(binary) {
  const started = Date.now();
  const stderr = [];
  // Never a development run (no DevTools, never a dev server's page), whatever the shell has set.
  const child = spawn(binary, [join(root, 'out', 'main', 'index.js'), ...args], { cwd: root, env: appEnv(), stdio: ['inherit', 'inherit', 'pipe'] });
  child.stderr.on('data', (chunk) => {
    process.stderr.write(chunk);
    if (stderr.length < 50) stderr.push(String(chunk));
  });
  forwardSignals(child);
  let settled = false;
  child.on('error', (err) => {
    if (settled) return;
    settled = true;
    browserMode(`Electron could not be started (${err.message})`);
  });
  child.on('exit', (code, signal) => {
    if (settled) return;
    settled = true;
    if (code !== 0 && Date.now() - started < EARLY_FAILURE_MS) {
      const last = stderr.join('').trim().split('\n').at(-1) ?? '';
      browserMode(`Electron exited at once with ${signal ?? `status ${code}`}${last ? ` (${last.slice(0, 300)})` : ''}`);
    } else {
      process.exit(code ?? 0);
    }
  });
}

build();
const found = findElectronBinary();
const noDisplay = displayProblem();
if (found.path === null) browserMode(found.reason);
else if (noDisplay) browserMode(noDisplay);
else electronMode(found.path);
