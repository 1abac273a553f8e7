#!/usr/bin/env node
// The `porthole` command: runs the bundle the build makes (out/cli/main.js, built by
// `npm run build` and by `npm install` through prepare), which needs Node alone.
// In a checkout whose TypeScript is newer than that bundle (or that has no bundle yet)
// it runs the sources through tsx instead, a development dependency, so what runs is
// always the code in front of you.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'out', 'cli', 'main.js');

/** 'current', 'stale' (a source it was built from changed since) or 'missing'. */
function bundleState() {
  let builtAt;
  try {
    builtAt = statSync(bundle).mtimeMs;
  } catch {
    return 'missing';
  }
  let sources = [];
  try {
    // Written with the bundle: the project files the bundle was made from.
    const list = join(root, 'out', 'cli', 'sources.json');
    builtAt = statSync(list).mtimeMs;
    sources = JSON.parse(readFileSync(list, 'utf8'));
  } catch {
    // No list: nothing to compare with, so the bundle is what there is.
  }
  for (const file of sources) {
    let changed;
    try {
      changed = statSync(join(root, file)).mtimeMs;
    } catch {
      continue; // an installed package or app archive ships the bundle without its sources
    }
    if (changed > builtAt) return 'stale';
  }
  return 'current';
}

async function runSources() {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'electron', 'cli', 'main.ts')).href);
}

const state = bundleState();
if (state === 'current') {
  await import(pathToFileURL(bundle).href);
} else {
  let tsx = true;
  try {
    import.meta.resolve('tsx/esm/api');
  } catch {
    tsx = false;
  }
  if (tsx) await runSources();
  else if (state === 'stale') await import(pathToFileURL(bundle).href);
  else {
    process.stderr.write('porthole: the command is not built yet: run `npm run build` (or `npm install`) in ' + root + '\n');
    process.exit(2);
  }
}
