/** A small in-memory CoreService for testing the faces without the real core. */
import type { Writable } from 'node:stream';
import type { CommandArgs, CommandName, CommandResult } from '../../../shared/contract.ts';
import type { ExportFormat, PortholeEvent, Row, SessionInfo } from '../../../shared/types.ts';
import type { CoreService } from '../../core/service-api.ts';

export interface FakeService extends CoreService {
  /** Commands received, in order. */
  calls: { cmd: CommandName; args: unknown }[];
  emit(events: PortholeEvent[]): void;
  listenerCount(): number;
  sessions: SessionInfo[];
  rowsOf(id: number): Row[];
  /** Replaces how a command is answered (undefined restores the usual answer). */
  override<K extends CommandName>(cmd: K, handler: ((args: CommandArgs<K>) => CommandResult<K> | Promise<CommandResult<K>>) | undefined): void;
}

export function session(id: number, rows = 0): SessionInfo {
  return {
    id, name: `s${id}`, peer: '127.0.0.1:1', origin: 'accepted', state: 'live', readOnly: false,
    encoding: 'utf-8', rows, bytesIn: 0, bytesOut: 0, linesIn: rows, linesOut: 0, queuedBytes: 0,
    startedAt: 1, eofSent: false, key: `k${id}`, undeliveredReplies: 0,
  };
}

export function createFakeService(): FakeService {
  const listeners = new Set<(e: PortholeEvent[]) => void>();
  const rows = new Map<number, Row[]>();
  const calls: FakeService['calls'] = [];
  const sessions = [session(1, 3)];
  rows.set(1, ['one', 'two', 'three'].map((text, index) => ({ index, kind: 'out', text, time: 1, cont: false, open: false })));

  const find = (id: number) => {
    const s = sessions.find((x) => x.id === id);
    if (!s) throw new Error(`no session ${id}`);
    return s;
  };

  const handlers: { [K in CommandName]?: (args: CommandArgs<K>) => CommandResult<K> } = {
    'app:info': () => ({ name: 'Porthole', version: '0.0.0', face: 'browser', dataDir: '/tmp/x', platform: 'linux', run: { allowed: false, why: 'not in this test', home: '/tmp', pty: 'not in this test' } }),
    'listener:list': () => [],
    'connect:list': () => [],
    'session:list': () => sessions,
    'session:rows': ({ id, from, to }) => {
      const all = rows.get(find(id).id) ?? [];
      return { id, count: all.length, from, rows: all.slice(from, to) };
    },
    'session:send': ({ id, text }) => {
      find(id);
      return { queuedBytes: Buffer.byteLength(text) };
    },
    'session:eof': ({ id }) => {
      find(id).eofSent = true;
      return null;
    },
  };

  const overrides = new Map<CommandName, (args: never) => unknown>();

  return {
    calls,
    sessions,
    override(cmd, handler) {
      if (handler) overrides.set(cmd, handler as (args: never) => unknown);
      else overrides.delete(cmd);
    },
    rowsOf: (id) => rows.get(id) ?? [],
    dataDir: '/tmp/fake',
    memoryStats: () => ({ rows: [...rows.values()].reduce((n, r) => n + r.length, 0), indexBytes: 0 }),
    async invoke<K extends CommandName>(cmd: K, args: CommandArgs<K>): Promise<CommandResult<K>> {
      calls.push({ cmd, args });
      const special = overrides.get(cmd) as ((a: CommandArgs<K>) => CommandResult<K> | Promise<CommandResult<K>>) | undefined;
      if (special) return special(args);
      const handler = handlers[cmd] as ((a: CommandArgs<K>) => CommandResult<K>) | undefined;
      if (!handler) throw new Error(`${cmd} is not supported here`);
      return handler(args);
    },
    onEvents(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(events) {
      for (const l of listeners) l(events);
    },
    listenerCount: () => listeners.size,
    async exportSession(id: number, format: ExportFormat, out: Writable) {
      for (const row of rows.get(find(id).id) ?? []) {
        out.write(format === 'text' ? `${row.text}\n` : `${JSON.stringify(row)}\n`);
      }
    },
    exportFileName(id: number, format: ExportFormat) {
      return `porthole-${find(id).id}-é.${format === 'text' ? 'txt' : 'jsonl'}`;
    },
    async close() {},
  };
}
