import { beforeAll, describe, expect, it } from 'vitest';
import type { CommandArgs, CommandName, CommandResult, PortholeBridge } from '../../../shared/contract.ts';
import type { PortholeEvent, Row, SessionInfo } from '../../../shared/types.ts';
import { DRAW_PACE } from '../model/draw-pace.ts';
import { AppStore, PROMPT_SETTLE_MS } from './app-store.ts';

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
  'app:info': () => ({ name: 'Porthole', version: '0', face: 'browser' as const, dataDir: '/tmp', platform: 'linux', run: { allowed: false, why: 'not in this test', home: '/tmp', pty: 'not in this test' } }),
  'listener:list': () => [],
  'connect:list': () => [],
  'session:list': () => sessions,
});

const frame = () => new Promise((r) => setTimeout(r, 5));
const settle = () => new Promise((r) => setTimeout(r, PROMPT_SETTLE_MS + 30));

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

  it('copies when replies bring fewer rows than asked, and stops at the character bound', async () => {
    const asked: [number, number][] = [];
    const { bridge } = recordingBridge({
      ...basics([]),
      // The core bounds each reply: at most 3 rows here.
      'session:rows': (a) => {
        asked.push([a.from, a.to]);
        const to = Math.min(a.to, a.from + 3);
        return { id: a.id, count: 100, from: a.from, rows: Array.from({ length: to - a.from }, (_, k) => row(a.from + k, 'xxxxxxxxxx')) };
      },
    });
    const store = new AppStore(bridge);
    const rows = await store.fetchRows(1, 10, 20);
    expect(rows.map((r) => r.index)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(asked.map(([from]) => from)).toEqual([10, 13, 16, 19]);
    const bounded = await store.fetchRows(1, 0, 100, 45);
    expect(bounded.length).toBe(5);
  });

  it('fetches the rows a transcript shows, carrying on after shortened replies until they are all held', async () => {
    const { bridge, calls } = recordingBridge({
      ...basics([session(1, { rows: 10_000 })]),
      'session:rows': (a) => {
        const to = Math.min(a.to, a.from + 7);
        return { id: a.id, count: 10_000, from: a.from, rows: Array.from({ length: to - a.from }, (_, k) => row(a.from + k, `r${a.from + k}`)) };
      },
    });
    const store = new AppStore(bridge);
    await store.start();
    store.wantRows(1, 5000, 5040);
    await expect.poll(() => [5000, 5020, 5039].map((i) => store.windowOf(1).get(i)?.text)).toEqual(['r5000', 'r5020', 'r5039']);
    const requests = calls.filter((c) => c.cmd === 'session:rows').length;
    expect(requests).toBeGreaterThan(5);
    // Nothing more is asked once the rows and the margin are held, or after the transcript is gone.
    store.unwantRows(1);
    await frame();
    const after = calls.filter((c) => c.cmd === 'session:rows').length;
    await frame();
    expect(calls.filter((c) => c.cmd === 'session:rows').length).toBe(after);
    store.stop();
  });

  it('on start, reads the last row of each open session, so one waiting at a prompt shows as waiting', async () => {
    const prompt: Row = { index: 4, kind: 'out', text: 'Name? ', time: 0, cont: false, open: true };
    const { bridge } = recordingBridge({
      ...basics([session(1, { rows: 5 }), session(2, { rows: 3, state: 'closed' }), session(3, { rows: 2 })]),
      'session:rows': (a) => ({ id: a.id, count: a.id === 1 ? 5 : 2, from: a.from, rows: a.id === 1 ? [prompt] : [row(1, 'done')] }),
    });
    const store = new AppStore(bridge);
    await store.start();
    expect(store.promptOf(1)).toBe('Name? ');
    expect(store.promptOf(2)).toBeNull();
    expect(store.promptOf(3)).toBeNull();
    expect(store.waiting().map((w) => [w.id, w.key, w.prompt])).toEqual([[1, '1:4', 'Name? ']]);
    // Answered: the prompt row is sealed and a sent row follows.
    store.applyEvents([{ type: 'rows', id: 1, count: 6, changedFrom: 4, tail: [{ ...prompt, open: false }, { ...row(5, 'Ada'), kind: 'sent' }] }]);
    expect(store.waiting()).toEqual([]);
    store.stop();
  });

  it('a session that can no longer be sent to is not waiting, whatever its last row', async () => {
    const prompt: Row = { index: 0, kind: 'out', text: 'Name? ', time: 0, cont: false, open: true };
    const { bridge, emit } = recordingBridge(basics([session(1)]));
    const store = new AppStore(bridge);
    await store.start();
    emit([{ type: 'rows', id: 1, count: 1, changedFrom: 0, tail: [prompt] }]);
    await settle();
    expect(store.promptOf(1)).toBe('Name? ');
    emit([{ type: 'session', session: session(1, { eofSent: true }) }]);
    expect(store.promptOf(1)).toBeNull();
    store.stop();
  });

  it('an open last row is a prompt only once rows have stopped coming: a flood does not flicker "waiting"', async () => {
    const { bridge, emit } = recordingBridge(basics([session(1)]));
    const store = new AppStore(bridge);
    await store.start();
    let renders = 0;
    store.subscribe(() => renders++);
    // A flood: every batch ends inside a line, a few milliseconds apart.
    let count = 0;
    for (let i = 0; i < 20; i++) {
      count += 50;
      emit([{ type: 'rows', id: 1, count, changedFrom: count - 50, tail: [{ ...row(count - 1, `partial ${i}`), open: true }] }]);
      expect(store.promptOf(1)).toBeNull();
      expect(store.waiting()).toEqual([]);
      await frame();
    }
    // Still: now it is a prompt, and the window is told without any further event.
    const before = renders;
    await settle();
    expect(store.promptOf(1)).toBe('partial 19');
    expect(store.waiting().map((w) => w.key)).toEqual([`1:${count - 1}`]);
    expect(renders).toBeGreaterThan(before);
    store.stop();
  });

  it('while the session on screen floods, frames come at most every floodFrameMs, and batches are acknowledged as they are drawn', async () => {
    const { bridge, emit } = recordingBridge(basics([session(1), session(2)]));
    let pacer: ((ack: () => void) => void) | null = null;
    bridge.ackWhen = (p) => { pacer = p; };
    const store = new AppStore(bridge);
    await store.start();
    expect(store.selectedId).toBe(2);
    expect(pacer).not.toBeNull();
    let renders = 0;
    store.subscribe(() => renders++);
    /** Batches of 500 rows every 10 ms into `id` for `ms`; the renders in the second half. */
    const flood = async (id: number, ms: number) => {
      let count = 0;
      let half = 0;
      const start = performance.now();
      while (performance.now() - start < ms) {
        count += 500;
        emit([{ type: 'rows', id, count, changedFrom: count - 500, tail: [row(count - 1, 'x'.repeat(79))] }]);
        if (!half && performance.now() - start >= ms / 2) half = renders;
        await new Promise((r) => setTimeout(r, 10));
      }
      return renders - half;
    };
    // Another session flooding is drawn at once: about one frame a batch.
    const background = await flood(1, 600);
    // The session on screen flooding: one frame per floodFrameMs.
    const onScreen = await flood(2, 600);
    expect(background).toBeGreaterThan(12);
    expect(onScreen).toBeLessThanOrEqual(Math.ceil(300 / DRAW_PACE.floodFrameMs) + 2);
    expect(onScreen).toBeGreaterThanOrEqual(2);
    // An acknowledgement waits for the frame that draws what has been delivered.
    const drawnBefore = renders;
    let ackedAfter = -1;
    pacer!(() => { ackedAfter = renders; });
    expect(ackedAfter).toBe(-1);
    await new Promise((r) => setTimeout(r, DRAW_PACE.floodFrameMs + 20));
    expect(ackedAfter).toBeGreaterThan(drawnBefore);
    store.stop();
    expect(pacer).toBeNull();
  });

  it('a failing row request is said once and asked again only after a pause', async () => {
    let fail = true;
    const { bridge, calls } = recordingBridge({
      ...basics([session(1, { rows: 100, state: 'closed' })]),
      'session:rows': (a) => {
        if (fail) throw new Error('the core is busy');
        return { id: a.id, count: 100, from: a.from, rows: Array.from({ length: a.to - a.from }, (_, k) => row(a.from + k, 'ok')) };
      },
    });
    const store = new AppStore(bridge);
    await store.start();
    for (let i = 0; i < 20; i++) {
      store.wantRows(1, 0, 40);
      await frame();
    }
    expect(calls.filter((c) => c.cmd === 'session:rows')).toHaveLength(1);
    expect(store.notices.map((n) => n.message)).toEqual(['Could not read rows: the core is busy']);
    fail = false;
    await expect.poll(() => store.windowOf(1).get(0)?.text, { timeout: 5_000 }).toBe('ok');
    store.stop();
  });

  it('a tail that stops short of the last row (a replay after reconnecting) is completed with the last row', async () => {
    const prompt: Row = { index: 299, kind: 'out', text: 'Name? ', time: 0, cont: false, open: true };
    const { bridge, emit, calls } = recordingBridge({
      ...basics([session(1, { rows: 300 })]),
      'session:rows': (a) => ({ id: a.id, count: 300, from: a.from, rows: a.from === 299 ? [prompt] : [] }),
    });
    const store = new AppStore(bridge);
    await store.start();
    expect(store.promptOf(1)).toBe('Name? ');
    // The replay brings only the first rows of the range it asked for.
    emit([{ type: 'rows', id: 1, count: 300, changedFrom: 0, tail: [row(100, 'a'), row(101, 'b')] }]);
    await expect.poll(() => store.promptOf(1)).toBe('Name? ');
    expect(calls.filter((c) => c.cmd === 'session:rows').map((c) => c.args)).toEqual([
      { id: 1, from: 299, to: 300 }, { id: 1, from: 299, to: 300 },
    ]);
    store.stop();
  });
});
