/** Ingest of 80-byte lines over loopback into the raw sink, socat/ncat and Porthole's core. */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCoreHost } from '../lib/core-client.ts';
import { LINE_BYTES, startFlood, uniqueMarker } from '../lib/proc.ts';
import { startFilePeer } from '../lib/socat.ts';
import { startRawSink } from '../lib/sink.ts';
import { epochMs } from '../lib/stats.ts';

export interface IngestResult {
  lines: number;
  bytes: number;
  ms: number;
  /** MB/s (10^6 bytes) and lines/s. */
  mbps: number;
  lps: number;
}

export function ingestResult(lines: number, ms: number): IngestResult {
  const bytes = lines * LINE_BYTES;
  return { lines, bytes, ms, mbps: bytes / 1e6 / (ms / 1000), lps: lines / (ms / 1000) };
}

/** (a) The raw Node socket sink that only counts bytes. */
export async function ingestRaw(lines: number): Promise<IngestResult> {
  const sink = await startRawSink();
  try {
    const flood = await startFlood({ port: sink.port, lines, marker: uniqueMarker('raw'), wait: true });
    const conn = await sink.nextConnection();
    const t0 = epochMs();
    flood.start();
    const tEnd = await conn.ended;
    await flood.done();
    if (conn.bytes !== lines * LINE_BYTES) throw new Error(`raw sink received ${conn.bytes} of ${lines * LINE_BYTES} bytes`);
    return ingestResult(lines, tEnd - t0);
  } finally {
    await sink.close();
  }
}

/** (b) socat or ncat writing to a file. */
export async function ingestFilePeer(lines: number): Promise<IngestResult & { peer: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'porthole-bench-peer-'));
  const file = path.join(dir, 'out.txt');
  const peer = await startFilePeer(file);
  try {
    const flood = await startFlood({ port: peer.port, lines, marker: uniqueMarker('peer'), wait: true });
    const t0 = epochMs();
    flood.start();
    await peer.exited;
    const tEnd = epochMs();
    await flood.done();
    const size = statSync(file).size;
    if (size !== lines * LINE_BYTES) throw new Error(`${peer.name} wrote ${size} of ${lines * LINE_BYTES} bytes`);
    return { ...ingestResult(lines, tEnd - t0), peer: peer.name };
  } finally {
    peer.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** (c) Porthole's core with its transcript on, in a process of its own. */
export async function ingestCore(lines: number): Promise<IngestResult & { cpuPercent: number }> {
  const core = await startCoreHost();
  try {
    const flood = await startFlood({ port: core.port, lines, marker: uniqueMarker('core'), wait: true });
    await core.waitLines(1, 0, 15_000);
    const cpu0 = await core.cpuMs();
    const t0 = epochMs();
    flood.start();
    const { at } = await core.waitLines(1, lines);
    const cpu1 = await core.cpuMs();
    await flood.done();
    // How busy the core's one JavaScript thread (plus its helpers) was: near 100% means CPU-bound.
    return { ...ingestResult(lines, at - t0), cpuPercent: (100 * (cpu1 - cpu0)) / (at - t0) };
  } finally {
    await core.close();
  }
}
