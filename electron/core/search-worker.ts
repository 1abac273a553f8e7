/**
 * Starts a search worker: search-worker-main.ts, a module file of its own. It is
 * found beside the module that starts it: in the sources (run by tsx or Vitest) as
 * search-worker-main.ts, loaded through tsx's loader; in a build (the Electron main
 * bundle, the `porthole` command's bundle) as search-worker-main.js, which the build
 * emits beside the module that holds this code.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { IndexPage } from './line-index.ts';

export interface SearchJob {
  files: string[];
  pages: IndexPage[];
  /** Rows [from, to) of the session are this worker's share. */
  from: number;
  to: number;
  /** bytes: case-sensitive literal; latin1i: ASCII literal, case-insensitive; regex: per-row decoded text; all: every row (a filter by kind alone). */
  mode: 'bytes' | 'latin1i' | 'regex' | 'all';
  needle: Uint8Array;
  source: string;
  flags: string;
  /** The session's encoding: the worker decodes with the same codec as the window (encoding.ts). */
  encoding: string;
  /** Streams to look at, as a bit per kind code (1 out, 2 err, 4 sent); all when absent. */
  kinds?: number;
  /** Report the rows that do not match instead (a filter's invert). */
  invert?: boolean;
}

export type SearchMessage =
  | { type: 'hits'; rows: number[]; counts: number[]; matches: number }
  | { type: 'done'; matches: number; rows: number }
  | { type: 'error'; message: string };

/** The worker's file name without its extension, as the builds emit it. */
export const SEARCH_WORKER_NAME = 'search-worker-main';

let entry: { url: URL; source: boolean } | undefined;

/** Where the worker's file is: beside this module, built (.js) or as source (.ts). */
export function searchWorkerEntry(): { url: URL; source: boolean } {
  if (entry) return entry;
  // Names held in variables: a bundler must not rewrite these as asset URLs.
  const built = new URL(`./${SEARCH_WORKER_NAME}.js`, import.meta.url);
  const source = new URL(`./${SEARCH_WORKER_NAME}.ts`, import.meta.url);
  if (existsSync(fileURLToPath(built))) entry = { url: built, source: false };
  else if (existsSync(fileURLToPath(source))) entry = { url: source, source: true };
  else throw new Error(`the search worker is missing: ${fileURLToPath(built)} was not built`);
  return entry;
}

export function startSearchWorker(job: SearchJob): Worker {
  const { url, source } = searchWorkerEntry();
  if (!source) return new Worker(url, { workerData: job });
  // A worker does not inherit the TypeScript loader of tsx or Vitest: it installs tsx's
  // require hook (quicker to start than its module hooks) and loads the entry. Only in
  // development; builds start the .js file.
  const boot = `require('tsx/cjs/api').register(); require(${JSON.stringify(fileURLToPath(url))});`;
  return new Worker(boot, { eval: true, workerData: job });
}
