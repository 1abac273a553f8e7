import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig(({ command }) => ({
  main: {
    // Only the bundle `electron-vite dev` builds is a development build (electron/main/dev-mode.ts);
    // `npm run build`, `npm start` and the installers get false.
    // The version as a constant (electron/core/app-version.ts), not the whole package.json in the bundle.
    define: {
      __PORTHOLE_DEV_BUILD__: JSON.stringify(command === 'serve'),
      __PORTHOLE_VERSION__: JSON.stringify((JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { version: string }).version),
    },
    build: {
      outDir: 'out/main',
      // The search worker is a module of its own, emitted beside index.js (electron/core/search-worker.ts).
      rollupOptions: {
        input: { index: resolve('electron/main/index.ts'), 'search-worker-main': resolve('electron/core/search-worker-main.ts') },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed preload scripts cannot be ES modules.
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      // Minified for the app and browser mode; the maps are separate files that only
      // DevTools asks for, so what the page loads stays small.
      minify: true,
      sourcemap: true,
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
}));
