import { beforeAll, describe, expect, it } from 'vitest';
import type { CommandArgs, CommandName, CommandResult, PortholeBridge } from '../../../shared/contract.ts';
import type { PortholeEvent, Row, SessionInfo } from '../../../shared/types.ts';
import { AppStore } from './app-store.ts';

beforeAll(() => {
  // Node has no frames; a macrotask stands in for one.
  globalThis.requestAnimationFrame ??= (cb: FrameRequestCallback) => setTimeout(() => cb(performance.now()), 0) as unknown as number;
  globalThis.cancelAnimationFrame ??= (h: number) => clearTimeout(h as unknown as NodeJS.Timeout);
});

const session = (id: number, patch: Partial<SessionInfo> = {}): SessionInfo => ({
  id, name: `s${id}`, peer: `127.0.0.1:${4000 + id}`, origin: 'accepted', state: 'live', readOnly: false,
  encoding: 'utf-8', rows: 0, bytesIn: 0, bytesOut: 0, linesIn: 0, linesOut: 0, queuedBytes: 0,
  startedAt: 0, eofSent: false, key: `k${id}`, undeliveredReplies: 0, ...patch,
});
const row = (index: number, text: string): Row => ({ index, kind: 'out', text, time: 0, cont: false, open: false });

/** A bridge that answers from tables and records what was asked; for these tests only. */
function recordingBridge(answers: Partial<{ [K in CommandName]: (args: CommandArgs<K>) => CommandResult<K> }>) {
  const calls: { cmd: CommandName; args: unknown }[] = [];
  let listener: ((events: PortholeEvent[]) => void) | null = null;
  const bridge: PortholeBridge = {
    face: 'browser',
    async invoke<K extends CommandName>(cmd: K, args: CommandArgs<K>): Promise<CommandResult<K>> {
      calls.push({ cmd, args });
      const fn = answers[cmd] as ((a: CommandArgs<K>) => CommandResult<K>) | undefined;
      if (!fn) throw new Error(`no answer for ${cmd}`);
      return fn(args);
    },
    subscribe(l) {
      listener = l;
      return () => { listener = null; };
    },
    async exportSession() {},
  };
  return { bridge, calls, emit: (events: PortholeEvent[]) => listener?.(events) };
}

const basics = (sessions: SessionInfo[]) => ({
  'app:info': () => ({ name: 'Porthole', version: '0', face: 'browser' as const, dataDir: '/tmp', platform: 'linux' }),
  'listener:list': () => [],
  'connect:list': () => [],
  'session:list': () => sessions,
});

const frame = () => new Promise((r) => setTimeout(r, 5));

describe('AppStore', () => {
  it('starts on the most recent live session', async () => {
    const { bridge } = recordingBridge(basics([session(1), session(2), session(3, { state: 'closed' })]));
    const store = new AppStore(bridge);
    await store.start();
    expect(store.selectedId).toBe(2);
    store.stop();
  });

  it('coalesces many events into one notification per frame', async () => {
    const { bridge, emit } = recordingBridge(basics([session(1)]));
    const store = new AppStore(bridge);
    await store.start();
    await frame();
    let notified = 0;
    store.subscribe(() => notified++);
    for (let i = 0; i < 50; i++) emit([{ type: 'rows', id: 1, count: i + 1, changedFrom: i, tail: [row(i, `r${i}`)] }]);
    await frame();
    expect(notified).toBe(1);
    expect(store.windowOf(1).count).toBe(50);
    expect(store.windowOf(1).get(49)?.text).toBe('r49');
    store.stop();
  });

  it('counts unread lines of other sessions and shows a new one when the current is not live', async () => {
    const { bridge, emit } = recordingBridge(basics([session(1)]));
    const store = new AppStore(bridge);
    await store.start();
    emit([{ type: 'session', session: session(2) }]);
    expect(store.selectedId).toBe(1);
    emit([{ type: 'session', session: session(2, { linesIn: 7 }) }]);
    expect(store.unread(2)).toBe(7);
    expect(store.unread(1)).toBe(0);
    store.select(2);
    expect(store.unread(2)).toBe(0);
    emit([{ type: 'session', session: session(2, { state: 'eof', linesIn: 7 }) }]);
    emit([{ type: 'session', session: session(3) }]);
    expect(store.selectedId).toBe(3);
    store.stop();
  });

  it('follows only its own search and moves to the match the core finds', async () => {
    const { bridge, emit, calls } = recordingBridge({
      ...basics([session(1, { rows: 100 })]),
      'search:start': () => ({ searchId: 9 }),
      'search:cancel': () => null,
      'search:seek': (a) => ({ row: a.dir === 1 ? 42 : 7, ordinal: a.dir === 1 ? 3 : 1 }),
    });
    const store = new AppStore(bridge);
    await store.start();
    await store.startSearch(1, 'needle', false, false);
    emit([{ type: 'search', searchId: 8, id: 1, matches: 99, rows: 99, done: true }]);
    expect(store.search?.matches).toBe(0);
    emit([{ type: 'search', searchId: 9, id: 1, matches: 5, rows: 4, done: true }]);
    expect(store.search).toMatchObject({ matches: 5, done: true });
    await store.seek(1, 10);
    expect(calls.find((c) => c.cmd === 'search:seek')?.args).toEqual({ searchId: 9, row: 10, dir: 1 });
    expect(store.revealRow).toBe(42);
    expect(store.search?.ordinal).toBe(3);
    await store.seek(-1, 0);
    expect(calls.filter((c) => c.cmd === 'search:seek')[1].args).toEqual({ searchId: 9, row: 42, dir: -1 });
    await store.clearSearch();
    expect(calls.some((c) => c.cmd === 'search:cancel' && (c.args as { searchId: number }).searchId === 9)).toBe(true);
    expect(store.search).toBeNull();
    store.stop();
  });

  it('fetches long selections in request-sized pieces', async () => {
    const asked: [number, number][] = [];
    const { bridge } = recordingBridge({
      ...basics([]),
      'session:rows': (a) => {
        asked.push([a.from, a.to]);
        return { id: a.id, count: 20_000, from: a.from, rows: Array.from({ length: a.to - a.from }, (_, k) => row(a.from + k, '')) };
      },
    });
    const store = new AppStore(bridge);
    const rows = await store.fetchRows(1, 100, 12_100);
    expect(rows.length).toBe(12_000);
    expect(rows[11_999].index).toBe(12_099);
    expect(asked).toEqual([[100, 5100], [5100, 10_100], [10_100, 12_100]]);
  });

  it('turns notice events and failed commands into notices', async () => {
    const { bridge, emit } = recordingBridge(basics([]));
    const store = new AppStore(bridge);
    await store.start();
    emit([{ type: 'notice', level: 'warning', message: 'too many connections' }]);
    const r = await store.run('Could not close', () => bridge.invoke('session:close', { id: 1 }));
    expect(r).toBeUndefined();
    expect(store.notices.map((n) => [n.level, n.message])).toEqual([
      ['warning', 'too many connections'],
      ['error', 'Could not close: no answer for session:close'],
    ]);
    store.dismiss(store.notices[0].id);
    expect(store.notices.length).toBe(1);
    store.stop();
  });
});
