import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = [
  'node:*', 'fs', 'fs/*', 'net', 'path', 'os', 'child_process', 'worker_threads', 'http', 'https',
  'crypto', 'stream', 'events', 'url', 'util', 'buffer', 'tty', 'readline', 'dgram', 'dns', 'zlib',
];

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
  // Layering: the core is pure Node.
  {
    files: ['electron/core/**/*.ts', 'electron/cli/**/*.ts', 'electron/web/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'electron/core, web and cli run under plain Node: no electron import.' }],
        patterns: [{ group: ['**/electron/main/**', '**/electron/preload/**', '**/renderer/**'], message: 'Only the Electron glue may import the glue.' }],
      }],
    },
  },
);
