import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { codecFor } from './encoding.ts';
import { RowStore } from './row-store.ts';
import { planSearch } from './search.ts';
import { SEARCH_WORKER_NAME, searchWorkerEntry, startSearchWorker, type SearchJob, type SearchMessage } from './search-worker.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'porthole-worker-'));
const store = new RowStore({ dir, startedAt: Date.now(), codec: codecFor('cp437'), maxLineBytes: 64 * 1024 });
store.append('out', Buffer.from('caf\x82 1\nplain\ncaf\x82 2 caf\x82\n', 'latin1'));
afterAll(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function collect(worker: Worker): Promise<SearchMessage[]> {
  const got: SearchMessage[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error('the worker did not finish'));
    }, 20_000);
    worker.on('message', (m: SearchMessage) => {
      got.push(m);
      if (m.type !== 'hits') {
        clearTimeout(timer);
        void worker.terminate();
        resolve(got);
      }
    });
    worker.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

const job = (query: string, regex = false): SearchJob => planSearch({ id: 1, query, regex, caseSensitive: false }, store, dir)[0];

describe('the search worker', () => {
  it('is a module file beside the module that starts it (the source here)', () => {
    const { url, source } = searchWorkerEntry();
    expect(source).toBe(true);
    expect(fileURLToPath(url)).toBe(path.join(root, 'electron', 'core', `${SEARCH_WORKER_NAME}.ts`));
  });

  it('searches with the session codec and reports rows and counts', async () => {
    expect(await collect(startSearchWorker(job('CAFÉ')))).toEqual([
      { type: 'hits', rows: [0, 2], counts: [1, 2], matches: 3 },
      { type: 'done', matches: 3, rows: 2 },
    ]);
  });

  it('reports a failure as a message', async () => {
    expect(await collect(startSearchWorker({ ...job('x', true), encoding: 'no-such-encoding' }))).toEqual([
      { type: 'error', message: expect.stringMatching(/unknown encoding 'no-such-encoding'/) },
    ]);
  });

  // `npm run build` (run before the tests by `npm test`) emits the worker in each bundle.
  for (const bundle of ['out/main', 'out/cli']) {
    const built = path.join(root, bundle);
    const starter = fs.existsSync(built)
      ? fs.readdirSync(built).find((f) => f.endsWith('.js') && fs.readFileSync(path.join(built, f), 'utf8').includes(`SEARCH_WORKER_NAME = "${SEARCH_WORKER_NAME}"`))
      : undefined;
    const name = starter ? `is emitted beside ${bundle}/${starter} and runs under plain Node` : `in ${bundle}: skipped, ${bundle} is not built`;
    it.skipIf(!starter)(name, async () => {
      const file = path.join(built, `${SEARCH_WORKER_NAME}.js`);
      expect(fs.existsSync(file), `${file} beside ${starter}`).toBe(true);
      const messages = await collect(new Worker(file, { workerData: job('café', true) }));
      expect(messages.at(-1)).toEqual({ type: 'done', matches: 3, rows: 2 });
    });
  }
});
