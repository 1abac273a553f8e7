/**
 * Hosts Porthole's core (createService) in a process of its own, so its memory and CPU
 * are measured apart from the harness. Driven over the Node IPC channel by core-client.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CoreService, ServiceOptions } from '../../../electron/core/service-api.ts';
import type { PortholeEvent, SessionInfo } from '../../../shared/types.ts';
import { epochMs } from './stats.ts';

type Request =
  | { id: number; op: 'invoke'; cmd: string; args: unknown }
  | { id: number; op: 'stats' }
  | { id: number; op: 'cpu' }
  | { id: number; op: 'waitLines'; sessions: number; lines: number; timeoutMs: number }
  | { id: number; op: 'search'; session: number; query: string; regex: boolean; timeoutMs: number }
  | { id: number; op: 'close' };

const send = (m: unknown) => process.send!(m);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'porthole-bench-core-'));
let service: CoreService;
const sessions = new Map<number, SessionInfo>();
const searchDone = new Map<number, (e: Extract<PortholeEvent, { type: 'search' }>) => void>();
const searchEvents = new Map<number, Extract<PortholeEvent, { type: 'search' }>>();

function onEvents(events: PortholeEvent[]): void {
  for (const e of events) {
    if (e.type === 'session') sessions.set(e.session.id, e.session);
    if (e.type === 'search' && (e.done || e.error)) {
      const w = searchDone.get(e.searchId);
      if (w) w(e);
      else searchEvents.set(e.searchId, e);
    }
  }
}

async function refresh(): Promise<void> {
  for (const s of await service.invoke('session:list', null)) sessions.set(s.id, s);
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function handle(req: Request): Promise<unknown> {
  switch (req.op) {
    case 'invoke':
      return service.invoke(req.cmd as 'app:info', req.args as null);
    case 'cpu': {
      const cpu = process.cpuUsage();
      return (cpu.user + cpu.system) / 1000;
    }
    case 'stats': {
      gc();
      const m = process.memoryUsage();
      const cpu = process.cpuUsage();
      return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, indexBytes: service.memoryStats().indexBytes, maxRss: process.resourceUsage().maxRSS * 1024, cpuMs: (cpu.user + cpu.system) / 1000 };
    }
    case 'waitLines': {
      // Events carry the counts; a slow poll covers a core that reports counts only on request.
      const deadline = Date.now() + req.timeoutMs;
      for (;;) {
        const live = [...sessions.values()].filter((s) => s.origin !== 'past');
        const total = live.reduce((n, s) => n + s.linesIn, 0);
        if (live.length >= req.sessions && total >= req.lines) return { at: epochMs(), total, sessions: live.length };
        if (Date.now() > deadline) throw new Error(`core received ${total} of ${req.lines} lines in ${live.length} sessions before the timeout`);
        await new Promise((r) => setTimeout(r, 10));
        await refresh();
      }
    }
    case 'search': {
      const t0 = epochMs();
      const { searchId } = await service.invoke('search:start', { id: req.session, query: req.query, regex: req.regex, caseSensitive: true });
      const ev = searchEvents.get(searchId) ?? (await new Promise<Extract<PortholeEvent, { type: 'search' }>>((resolve, reject) => {
        searchDone.set(searchId, resolve);
        setTimeout(() => reject(new Error(`search did not finish within ${req.timeoutMs} ms`)), req.timeoutMs);
      }));
      if (ev.error) throw new Error(`search: ${ev.error}`);
      return { ms: epochMs() - t0, matches: ev.matches, rows: ev.rows };
    }
    case 'close':
      // Bounded: a slow shutdown must not stretch every measurement that follows.
      await Promise.race([service.close(), new Promise((r) => setTimeout(r, 1_000))]);
      rmSync(dataDir, { recursive: true, force: true });
      setImmediate(() => process.exit(0));
      return null;
  }
}

try {
  // A computed specifier: the harness keeps type-checking and reports "not available"
  // while the core is absent, instead of failing to build.
  const corePath = '../../../electron/core/service.ts';
  const { createService } = (await import(corePath)) as { createService: (o: ServiceOptions) => Promise<CoreService> };
  service = await createService({ dataDir, listeners: [{ host: '127.0.0.1', port: 0 }], maxConnections: 5_000, face: 'terminal' });
  service.onEvents(onEvents);
  const listeners = await service.invoke('listener:list', null);
  const port = listeners.find((l) => l.port)?.port;
  if (!port) throw new Error('the core reported no listening port');
  process.on('message', (req: Request) => {
    handle(req).then(
      (result) => send({ id: req.id, result }),
      (err: unknown) => send({ id: req.id, error: err instanceof Error ? err.message : String(err) }),
    );
  });
  process.on('disconnect', () => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
  send({ ready: true, port, dataDir });
} catch (err) {
  rmSync(dataDir, { recursive: true, force: true });
  send({ ready: false, error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}
