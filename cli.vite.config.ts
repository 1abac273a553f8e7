// The `porthole` command as plain JavaScript: out/cli/main.js (and a chunk per command it
// loads on demand). `npm run build` and `npm install` (prepare) build it, so the shipped
// command starts with Node alone: no TypeScript compiler and no native binary at run time.
// Runtime dependencies (ws, iconv-lite) and Node's built-ins stay imports; the installed
// package (or the app archive) provides them.
import { readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = dirname(fileURLToPath(import.meta.url));
const out = join(root, 'out', 'cli');
const staging = join(root, 'out', `.cli-staging-${process.pid}`);

/**
 * out/cli/sources.json: the project files the bundle was built from. bin/porthole.js runs
 * the sources instead (through tsx) when one of them is newer than this list, so a
 * checkout never runs a command older than its code.
 */
function sourceList(): Plugin {
  return {
    name: 'porthole-cli-sources',
    generateBundle() {
      const files = [...this.getModuleIds()]
        .filter((id) => id.startsWith(root + sep) && !id.includes(`${sep}node_modules${sep}`))
        .map((id) => relative(root, id).split(sep).join('/'))
        .sort();
      this.emitFile({ type: 'asset', fileName: 'sources.json', source: `${JSON.stringify(files, null, 1)}\n` });
    },
  };
}

/**
 * The build is written beside out/cli and then takes its place in one rename, so a
 * `porthole` started meanwhile (tests, a second build in the same checkout) finds the
 * old bundle whole, the new one whole, or none (and runs the sources); never a main.js
 * whose chunks are not written yet.
 */
function swapIn(): Plugin {
  const clear = (dir: string) => rmSync(dir, { recursive: true, force: true });
  return {
    name: 'porthole-cli-swap',
    buildStart() {
      // Left by a build that was killed half-way (a running build's are younger).
      let names: string[] = [];
      try {
        names = readdirSync(join(root, 'out'));
      } catch {
        /* no out/ yet */
      }
      for (const name of names.filter((n) => /^\.cli-(staging|old)-\d+$/.test(n))) {
        const dir = join(root, 'out', name);
        try {
          if (Date.now() - statSync(dir).mtimeMs > 10 * 60_000) clear(dir);
        } catch {
          /* gone already */
        }
      }
    },
    buildEnd(error) {
      if (error) clear(staging);
    },
    closeBundle() {
      const old = join(root, 'out', `.cli-old-${process.pid}`);
      // Another build may put its out/cli in place between the two renames: then again.
      for (let attempt = 1; ; attempt++) {
        clear(old);
        try {
          renameSync(out, old);
        } catch {
          /* no earlier build */
        }
        try {
          renameSync(staging, out);
          break;
        } catch (err) {
          if (attempt === 5) throw err;
        }
      }
      clear(old);
    },
  };
}

export default defineConfig({
  root,
  // Nothing from the project root's public/ or .env files belongs in the command.
  publicDir: false,
  envDir: false,
  logLevel: 'warn',
  plugins: [sourceList(), swapIn()],
  // The version as a constant (electron/core/app-version.ts), not the whole package.json in the bundle.
  define: { __PORTHOLE_VERSION__: JSON.stringify((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version) },
  build: {
    ssr: true,
    target: 'node20',
    outDir: staging,
    emptyOutDir: true,
    // Kept readable: stack traces of the command point at lines a person can find.
    minify: false,
    reportCompressedSize: false,
    rollupOptions: {
      // The search worker is started from its own file beside the module that starts it.
      input: { main: join(root, 'electron/cli/main.ts'), 'search-worker-main': join(root, 'electron/core/search-worker-main.ts') },
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        // Beside the entry: code that resolves files relative to its own module
        // (serve's ../../out/renderer) sits at the same depth as in electron/cli/.
        chunkFileNames: '[name]-[hash].js',
      },
    },
  },
});
