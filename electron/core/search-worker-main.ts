/**
 * The search worker's entry (a file of its own, started by search-worker.ts). The
 * build emits it as search-worker-main.js beside the module that starts it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { scanRows } from './search-scan.ts';
import type { SearchJob, SearchMessage } from './search-worker.ts';

const port = parentPort;
if (!port) throw new Error('search-worker-main runs only as a worker thread');
try {
  scanRows(workerData as SearchJob, (m) => port.postMessage(m));
} catch (err) {
  port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) } satisfies SearchMessage);
}
