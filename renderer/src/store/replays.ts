/**
 * Dialog files replayed in the window, kept from the core's `replay` events: each is a
 * new session whose steps are shown beside its transcript as they are met or missed.
 */
import type { PortholeEvent, ReplayInfo } from '../../../shared/types.ts';
import type { AppStore } from './app-store.ts';

/** Replays remembered at most (the oldest finished ones are forgotten). */
const MAX_KEPT = 50;

export class Replays {
  readonly byId = new Map<number, ReplayInfo>();
  /** Replays started from this window: their session is shown once it appears. */
  private readonly showing = new Set<number>();
  /** Replays whose steps the person closed. */
  private readonly hidden = new Set<number>();

  constructor(private readonly store: AppStore) {
    store.bridge.subscribe((events) => this.onEvents(events));
    void store.bridge.invoke('replay:list', null).then((list) => {
      for (const r of list) if (!this.byId.has(r.replayId)) this.byId.set(r.replayId, r);
      store.changed();
    }).catch(() => undefined);
  }

  private onEvents(events: PortholeEvent[]): void {
    let changed = false;
    for (const ev of events) {
      if (ev.type !== 'replay') continue;
      const before = this.byId.get(ev.replay.replayId);
      this.put(ev.replay);
      changed = true;
      const r = ev.replay;
      const ended = r.state !== 'starting' && r.state !== 'running';
      // One that never got a session has nowhere to show its steps: say why here.
      if (ended && r.sessionId === null && before?.state !== r.state && this.showing.has(r.replayId)) {
        this.showing.delete(r.replayId);
        this.store.notify(r.state === 'skip' ? 'warning' : 'error', `Replay of ${r.file}: ${r.message ?? r.state}`);
      }
    }
    // The new session is on the list once its own event has been applied (same batch or a later one).
    for (const id of this.showing) {
      const sid = this.byId.get(id)?.sessionId;
      if (sid != null && this.store.sessions.has(sid)) {
        this.showing.delete(id);
        this.store.select(sid);
      }
    }
    if (changed) this.store.changed();
  }

  private put(r: ReplayInfo): void {
    this.byId.delete(r.replayId);
    this.byId.set(r.replayId, r);
    if (this.byId.size <= MAX_KEPT) return;
    for (const [id, x] of this.byId) {
      if (this.byId.size <= MAX_KEPT) break;
      if (x.state !== 'starting' && x.state !== 'running') {
        this.byId.delete(id);
        this.hidden.delete(id);
      }
    }
  }

  /** Reads a dialog file's text and replays it as a new session, which is then shown. */
  async start(file: string, text: string, baseDir?: string): Promise<ReplayInfo | undefined> {
    const info = await this.store.run(`Could not replay ${file}`, () => this.store.bridge.invoke('replay:start', { text, file, ...(baseDir ? { baseDir } : {}) }));
    if (info) {
      if (!this.byId.has(info.replayId)) this.put(info);
      this.showing.add(info.replayId);
      this.store.changed();
    }
    return info;
  }

  async stop(replayId: number): Promise<void> {
    await this.store.run('Could not stop the replay', () => this.store.bridge.invoke('replay:stop', { replayId }));
  }

  /** The latest replay running in a session, unless its steps were closed. */
  forSession(sessionId: number): ReplayInfo | undefined {
    let found: ReplayInfo | undefined;
    for (const r of this.byId.values()) if (r.sessionId === sessionId) found = r;
    return found && !this.hidden.has(found.replayId) ? found : undefined;
  }

  hide(replayId: number): void {
    this.hidden.add(replayId);
    this.store.changed();
  }
}

const all = new WeakMap<AppStore, Replays>();

export function replaysOf(store: AppStore): Replays {
  let r = all.get(store);
  if (!r) all.set(store, (r = new Replays(store)));
  return r;
}
