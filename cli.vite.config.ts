// The `porthole` command as plain JavaScript: out/cli/main.js (and a chunk per command it
// loads on demand). `npm run build` and `npm install` (prepare) build it, so the shipped
// command starts with Node alone: no TypeScript compiler and no native binary at run time.
// Runtime dependencies (ws, iconv-lite) and Node's built-ins stay imports; the installed
// package (or the app archive) provides them.
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * out/cli/sources.json: the project files the bundle was built from. bin/porthole.js runs
 * the sources instead (through tsx) when one of them is newer than this list, so a
 * checkout never runs a command older than its code.
 */
const root = dirname(fileURLToPath(import.meta.url));

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

export default defineConfig({
  root,
  // Nothing from the project root's public/ or .env files belongs in the command.
  publicDir: false,
  envDir: false,
  logLevel: 'warn',
  plugins: [sourceList()],
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'out/cli',
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
