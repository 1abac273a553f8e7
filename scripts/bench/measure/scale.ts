/** Scale: many concurrent clients each sending numbered lines into the core; nothing lost, order kept. */
import path from 'node:path';
import { startCoreHost } from '../lib/core-client.ts';
import { HERE, spawnJson } from '../lib/proc.ts';
import { startRawSink } from '../lib/sink.ts';
import { epochMs } from '../lib/stats.ts';
import type { RowsResult, SessionInfo } from '../../../shared/types.ts';

export interface ScaleResult {
  clients: number;
  linesPerClient: number;
  ms: number;
  /** Sessions whose lines all arrived, in order, with a matching checksum. */
  intact: number;
  missingLines: number;
  peakRss: number;
  /** The same core before any client connected. */
  idleRss: number;
}

/** FNV-1a over the texts, so a session's whole sequence is compared in one number. */
export function checksum(texts: Iterable<string>): number {
  let h = 0x811c9dc5;
  for (const t of texts) {
    for (let i = 0; i < t.length; i++) {
      h ^= t.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    h ^= 10;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function expectedLines(client: number, lines: number): string[] {
  return Array.from({ length: lines }, (_, i) => `client ${client} line ${i}`);
}

/** The same load into the raw sink: the time the sockets alone take. */
export async function scaleRaw(clients: number, linesPerClient: number): Promise<number> {
  const sink = await startRawSink();
  const load = spawnJson(process.execPath, [path.join(HERE, 'scale-clients.js'), '--port', String(sink.port), '--clients', String(clients), '--lines', String(linesPerClient)]);
  try {
    await load.next('connected', 60_000);
    const conns = await Promise.all(Array.from({ length: clients }, () => sink.nextConnection()));
    const t0 = epochMs();
    load.send('go');
    const ends = await Promise.all(conns.map((c) => c.ended));
    await load.next('done');
    return Math.max(...ends) - t0;
  } finally {
    load.kill();
    await sink.close();
  }
}

export async function scale(clients: number, linesPerClient: number): Promise<ScaleResult> {
  const core = await startCoreHost();
  const idle = await core.stats();
  const load = spawnJson(process.execPath, [path.join(HERE, 'scale-clients.js'), '--port', String(core.port), '--clients', String(clients), '--lines', String(linesPerClient)]);
  try {
    await load.next('connected', 60_000);
    await core.waitLines(clients, 0, 60_000);
    const t0 = epochMs();
    load.send('go');
    const { at } = await core.waitLines(clients, clients * linesPerClient);
    await load.next('done');
    const stats = await core.stats();
    const sessions = (await core.invoke<SessionInfo[]>('session:list', null)).filter((s) => s.origin !== 'past');
    let intact = 0;
    let missing = 0;
    for (const s of sessions) {
      const texts: string[] = [];
      for (let from = 0; ; ) {
        const r = await core.invoke<RowsResult>('session:rows', { id: s.id, from, to: from + 5_000 });
        for (const row of r.rows) if (row.kind === 'out') texts.push(row.text);
        from += r.rows.length;
        if (r.rows.length === 0 || from >= r.count) break;
      }
      const client = Number(/^client (\d+) /.exec(texts[0] ?? '')?.[1] ?? -1);
      const want = expectedLines(client, linesPerClient);
      if (client >= 0 && checksum(texts) === checksum(want)) intact++;
      else missing += Math.max(0, linesPerClient - texts.length);
    }
    missing += Math.max(0, clients - sessions.length) * linesPerClient;
    return { clients, linesPerClient, ms: at - t0, intact, missingLines: missing, peakRss: stats.maxRss, idleRss: idle.rss };
  } finally {
    load.kill();
    await core.close();
  }
}
