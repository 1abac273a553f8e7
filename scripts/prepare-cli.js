// `npm install` / `npm ci` (prepare): builds the `porthole` command's bundle (out/cli) so
// `npx porthole` starts with Node alone. Needs neither Electron nor the network. It never
// fails the install: without vite (a production-only install) or if the build breaks,
// it says so and bin/porthole.js runs the sources through tsx where tsx is installed.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let vite;
try {
  vite = await import('vite');
} catch {
  process.stdout.write('porthole: the command was not built (vite is not installed); `npm run build` builds it\n');
  process.exit(0);
}
try {
  await vite.build({ configFile: join(root, 'cli.vite.config.ts'), logLevel: 'warn' });
} catch (err) {
  // The first lines say what broke; vite has printed the rest. Without colour codes, for logs.
  const why = String(err instanceof Error ? err.message : err).replace(/\x1b\[[0-9;]*m/g, '').split('\n').filter((l) => l.trim()).slice(0, 3).join(' ');
  process.stderr.write(`porthole: building the command failed (${why}); it runs from the sources until \`npm run build\` succeeds\n`);
}
