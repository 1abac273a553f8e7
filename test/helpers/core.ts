/**
 * A real core service on a free loopback port, with every event it emits recorded
 * and helpers that wait on those events or on the session's rows.
 */
import { createService } from '../../electron/core/service.ts';
import type { CoreService, ServiceOptions } from '../../electron/core/service-api.ts';
import type { LineEnding, PortholeEvent, Row, SessionInfo } from '../../shared/types.ts';
import { tempDir } from './temp-dir.ts';
import { waitFor } from './wait.ts';

export interface TestCore {
  core: CoreService;
  dataDir: string;
  /** Port of the first listener (0 if none). */
  port: number;
  /** Every event received so far, in order. */
  events: PortholeEvent[];
  /** Waits for an event matching `pred` (already received ones count). */
  event<T extends PortholeEvent['type']>(type: T, pred?: (e: Extract<PortholeEvent, { type: T }>) => boolean, timeoutMs?: number): Promise<Extract<PortholeEvent, { type: T }>>;
  sessions(): Promise<SessionInfo[]>;
  /** Waits for a session matching `pred`. */
  session(pred: (s: SessionInfo) => boolean, timeoutMs?: number): Promise<SessionInfo>;
  /** The session's current info. */
  info(id: number): Promise<SessionInfo>;
  rows(id: number): Promise<Row[]>;
  /** Waits until the session's rows satisfy `pred`; returns them. */
  rowsUntil(id: number, pred: (rows: Row[]) => boolean, timeoutMs?: number): Promise<Row[]>;
  send(id: number, text: string, ending?: LineEnding): Promise<void>;
  close(): Promise<void>;
}

export async function startCore(opts: Partial<ServiceOptions> & { noListener?: boolean } = {}): Promise<TestCore> {
  const { noListener, ...rest } = opts;
  const dataDir = opts.dataDir ?? tempDir('porthole-core-');
  const listeners = noListener ? [] : (opts.listeners ?? [{ host: '127.0.0.1', port: 0 }]);
  const core = await createService({ face: 'terminal', ...rest, dataDir, listeners });
  const events: PortholeEvent[] = [];
  core.onEvents((batch) => events.push(...batch));
  const first = (await core.invoke('listener:list', null))[0];
  const sessions = () => core.invoke('session:list', null);
  const rows = async (id: number) => {
    // session:rows answers at most a few thousand rows at a time.
    const out: Row[] = [];
    for (;;) {
      const res = await core.invoke('session:rows', { id, from: out.length, to: Number.MAX_SAFE_INTEGER });
      out.push(...res.rows);
      if (!res.rows.length || out.length >= res.count) return out;
    }
  };
  const dump = async (id: number) => (await rows(id)).map((r) => `${r.kind}${r.open ? '(open)' : ''}:${r.text.length > 200 ? r.text.slice(0, 200) + '…' : r.text}`);
  return {
    core,
    dataDir,
    port: first?.state === 'listening' ? first.port ?? 0 : 0,
    events,
    event(type, pred, timeoutMs = 10_000) {
      type E = Extract<PortholeEvent, { type: typeof type }>;
      return waitFor(`a '${type}' event`, () => events.find((e): e is E => e.type === type && (!pred || pred(e as E))), timeoutMs,
        () => events.filter((e) => e.type === type).slice(-5));
    },
    sessions,
    session: (pred, timeoutMs = 10_000) => waitFor('a matching session', async () => (await sessions()).find(pred), timeoutMs, sessions),
    info: async (id) => {
      const s = (await sessions()).find((x) => x.id === id);
      if (!s) throw new Error(`no session ${id}`);
      return s;
    },
    rows,
    rowsUntil: (id, pred, timeoutMs = 10_000) => waitFor(`rows of session ${id} to match`, async () => {
      const r = await rows(id);
      return pred(r) && r;
    }, timeoutMs, () => dump(id)),
    send: async (id, text, ending = 'lf') => {
      await core.invoke('session:send', { id, text, ending });
    },
    close: () => core.close(),
  };
}

/** Text of the rows of the given kinds, in order. */
export function texts(rows: Row[], ...kinds: Row['kind'][]): string[] {
  return rows.filter((r) => kinds.includes(r.kind)).map((r) => r.text);
}

/** Rows as "kind:text" strings, for whole-dialog comparisons. */
export function dialog(rows: Row[]): string[] {
  return rows.map((r) => `${r.kind}:${r.text}`);
}
