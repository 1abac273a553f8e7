import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = [
  'node:*', 'fs', 'fs/*', 'net', 'path', 'os', 'child_process', 'worker_threads', 'http', 'https',
  'crypto', 'stream', 'events', 'url', 'util', 'buffer', 'tty', 'readline', 'dgram', 'dns', 'zlib',
];

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A path segment that is not '.' or '..' (nor hidden). */
const SEG = '[\\w-][\\w.-]*';

/**
 * no-restricted-imports for one folder of electron/ (and its subfolders, three deep):
 * relative imports only within itself, of the listed folders and of package.json;
 * `electron: false` forbids the electron package, `packages` allows only the packages
 * it matches (Node built-ins as node:…). One block per depth, since a relative path
 * means a different folder at each.
 */
function layer(folder, mayImport, { electron = true, packages } = {}, message) {
  return [0, 1, 2, 3].map((depth) => {
    const up = (n) => '../'.repeat(n);
    const tail = `(?:${SEG}/)*${SEG}$`;
    const allowed = [
      `(?:\\./|${depth ? `(?:\\.\\./){1,${depth}}` : '(?!)'})${tail}`,
      `${escape(up(depth + 2))}package\\.json$`,
      ...mayImport.map((to) => to.startsWith('electron/')
        ? `${escape(up(depth + 1) + to.slice('electron/'.length))}/${tail}`
        : `${escape(up(depth + 2) + to)}/${tail}`),
    ];
    const patterns = [{ regex: `^(?!${allowed.join('|')})\\.`, message }];
    if (packages) patterns.push({ regex: `^(?![./])(?!${packages.source.replace(/^\^/, '')})`, message });
    return {
      files: [`${folder}/${'*/'.repeat(depth)}*.ts`],
      ignores: [`${folder}/**/*.test.ts`, `${folder}/testing/**`],
      rules: {
        'no-restricted-imports': ['error', {
          ...(electron ? {} : { paths: [{ name: 'electron', message: `${folder} runs under plain Node: no electron import.` }] }),
          patterns,
        }],
      },
    };
  });
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
    ignores: ['shared/**/*.test.ts', 'shared/testing/**'],
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
  // Each layer lists the folders it may import besides itself; tests and test helpers are
  // left out (they wire layers together on purpose).
  ...layer('electron/core', ['shared'], { electron: false },
    'electron/core is pure Node: it imports shared/ and itself, never web, main, cli, preload or renderer.'),
  ...layer('electron/web', ['shared', 'electron/core'], { electron: false },
    'electron/web imports shared/, electron/core and itself.'),
  ...layer('electron/cli', ['shared', 'electron/core', 'electron/web'], { electron: false },
    'electron/cli imports shared/, electron/core, electron/web and itself.'),
  ...layer('electron/main', ['shared', 'electron/core'], { packages: /^(?:electron$|node:)/ },
    'electron/main imports electron, Node, shared/, electron/core and itself only.'),
  ...layer('electron/preload', ['shared'], { packages: /^electron$/ },
    'electron/preload (sandboxed) imports electron, shared/ and itself only.'),
);
