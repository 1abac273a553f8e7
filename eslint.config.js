import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = [
  'node:*', 'fs', 'fs/*', 'net', 'path', 'os', 'child_process', 'worker_threads', 'http', 'https',
  'crypto', 'stream', 'events', 'url', 'util', 'buffer', 'tty', 'readline', 'dgram', 'dns', 'zlib',
];

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * no-restricted-imports for one folder of electron/: relative imports only of itself,
 * the listed folders and package.json; `electron: false` forbids the electron package,
 * `packages` allows only the packages it matches (Node built-ins as node:…).
 */
function layer(folder, mayImport, { electron = true, packages } = {}, message) {
  const allowed = ['\\./[\\w.-]+$', '\\.\\./\\.\\./package\\.json$',
    ...mayImport.map((to) => {
      // From electron/<x>/file.ts: ../<y>/ for a sibling in electron/, ../../<y>/ otherwise.
      const up = to.startsWith('electron/') ? `../${to.slice('electron/'.length)}` : `../../${to}`;
      return `${escape(up)}/[\\w.-]+$`;
    })];
  const patterns = [{ regex: `^(?!${allowed.join('|')})\\.`, message }];
  if (packages) patterns.push({ regex: `^(?![./])(?!${packages.source.replace(/^\^/, '')})`, message });
  return {
    files: [`${folder}/**/*.ts`],
    ignores: [`${folder}/**/*.test.ts`, `${folder}/testing/**`],
    rules: {
      'no-restricted-imports': ['error', {
        ...(electron ? {} : { paths: [{ name: 'electron', message: `${folder} runs under plain Node: no electron import.` }] }),
        patterns,
      }],
    },
  };
}

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'test-results/', 'playwright-report/', 'bench/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  // Layering: shared/ imports nothing outside itself.
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '^(?!\\./[\\w.-]+$)', message: 'shared/ is the contract: it imports nothing but its own files.' },
        ],
      }],
    },
  },
  // Layering: the renderer never touches electron or Node.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/**/*.test.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/refs': 'off',
      'react-hooks/immutability': 'off',
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'renderer/ must not import electron; use the bridge.' }],
        patterns: [
          { group: nodeBuiltins, message: 'renderer/ must not import Node built-ins.' },
          { group: ['**/electron/**'], message: 'renderer/ talks to the core only through the bridge.' },
        ],
      }],
    },
  },
  // Layering of electron/ (the table in the README's "Architecture" section says the same).
  // Each layer lists the folders it may import, as written from a file directly in its
  // folder; tests and test helpers are left out (they wire layers together on purpose).
  layer('electron/core', ['shared'], { electron: false },
    'electron/core is pure Node: it imports shared/ and itself, never web, main, cli, preload or renderer.'),
  layer('electron/web', ['shared', 'electron/core'], { electron: false },
    'electron/web imports shared/, electron/core and itself.'),
  layer('electron/cli', ['shared', 'electron/core', 'electron/web'], { electron: false },
    'electron/cli imports shared/, electron/core, electron/web and itself.'),
  layer('electron/main', ['shared', 'electron/core'], { packages: /^(?:electron$|node:)/ },
    'electron/main imports electron, Node, shared/, electron/core and itself only.'),
  layer('electron/preload', ['shared'], { packages: /^electron$/ },
    'electron/preload (sandboxed) imports electron, shared/ and itself only.'),
);
