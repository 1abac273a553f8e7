import type { PortholeBridge } from '../../../shared/contract.ts';
import { LIMITS } from '../../../shared/limits.ts';
import type {
  AppInfo, ConnectInfo, ListenerInfo, NoticeLevel, PastSessionInfo, PortholeEvent, Row, SessionInfo,
} from '../../../shared/types.ts';
import { RateMeter } from '../model/rate-meter.ts';
import { ReplyHistory } from '../model/reply-history.ts';
import { RowWindow } from '../model/row-window.ts';

export interface Notice {
  id: number;
  level: NoticeLevel;
  message: string;
}

export interface SearchState {
  sessionId: number;
  query: string;
  regex: boolean;
  caseSensitive: boolean;
  searchId: number | null;
  matches: number;
  rowsWithMatches: number;
  done: boolean;
  error?: string;
  /** Row of the match last moved to, -1 before the first seek. */
  current: number;
  ordinal: number;
}

/**
 * Everything the window shows, fed by the bridge's events. Events mutate the store
 * and one requestAnimationFrame per frame tells React, so a session that updates 60
 * times a second costs at most one render per frame for all sessions together.
 */
export class AppStore {
  info: AppInfo | null = null;
  listeners: ListenerInfo[] = [];
  connects: ConnectInfo[] = [];
  sessions = new Map<number, SessionInfo>();
  past: PastSessionInfo[] | null = null;
  notices: Notice[] = [];
  selectedId: number | null = null;
  search: SearchState | null = null;
  /** Incremented to ask the transcript to reveal `revealRow`. */
  revealSeq = 0;
  revealRow = -1;
  /** When the person last sent something to each session (for the buffering hint). */
  lastSentAt = new Map<number, number>();
  /** The transcript's first visible row, where find starts when nothing is current. */
  viewTop = 0;
  /** The link to the core (browser mode can lose it when the server stops). */
  connection: 'connecting' | 'connected' | 'disconnected' = 'connected';
  readonly history = new ReplyHistory();

  private windows = new Map<number, RowWindow>();
  private rates = new Map<number, RateMeter>();
  private seenLines = new Map<number, number>();
  private version = 0;
  private subs = new Set<() => void>();
  private frame = 0;
  private noticeSeq = 0;
  private unsubscribe: (() => void) | null = null;

  constructor(readonly bridge: PortholeBridge) {}

  async start(): Promise<void> {
    this.unsubscribe = this.bridge.subscribe((events) => this.applyEvents(events));
    const [info, listeners, connects, sessions] = await Promise.all([
      this.bridge.invoke('app:info', null),
      this.bridge.invoke('listener:list', null),
      this.bridge.invoke('connect:list', null),
      this.bridge.invoke('session:list', null),
    ]);
    this.info = info;
    this.listeners = listeners;
    this.connects = connects;
    for (const s of sessions) this.putSession(s, false);
    if (this.selectedId === null && sessions.length > 0) {
      const live = sessions.filter((x) => x.state === 'live');
      this.select((live.length > 0 ? live : sessions)[(live.length > 0 ? live : sessions).length - 1].id);
    }
    this.changed();
  }

  stop(): void {
    this.unsubscribe?.();
    if (this.frame) cancelAnimationFrame(this.frame);
  }

  setConnection(state: 'connecting' | 'connected' | 'disconnected'): void {
    this.connection = state;
    this.changed();
  }

  subscribe = (fn: () => void): (() => void) => {
    this.subs.add(fn);
    return () => this.subs.delete(fn);
  };

  getVersion = (): number => this.version;

  /** Schedules one notification for this frame. */
  changed(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.version++;
      for (const fn of this.subs) fn();
    });
  }

  applyEvents(events: PortholeEvent[]): void {
    for (const ev of events) {
      switch (ev.type) {
        case 'listeners': this.listeners = ev.listeners; break;
        case 'connects': this.connects = ev.connects; break;
        case 'session': this.putSession(ev.session); break;
        case 'rows': this.windowOf(ev.id).applyRows(ev.count, ev.changedFrom, ev.tail); break;
        case 'search': {
          const s = this.search;
          if (s && s.searchId === ev.searchId) {
            s.matches = ev.matches;
            s.rowsWithMatches = ev.rows;
            s.done = ev.done;
            s.error = ev.error;
          }
          break;
        }
        case 'notice': this.notify(ev.level, ev.message); break;
      }
    }
    this.changed();
  }

  private putSession(s: SessionInfo, autoSelect = true): void {
    const isNew = !this.sessions.has(s.id);
    this.sessions.set(s.id, s);
    let meter = this.rates.get(s.id);
    if (!meter) this.rates.set(s.id, (meter = new RateMeter()));
    meter.add(performance.now(), s.linesIn, s.bytesIn);
    if (this.selectedId === s.id) this.seenLines.set(s.id, s.linesIn);
    const w = this.windows.get(s.id);
    if (w && s.rows > w.count) w.count = s.rows;
    // A new connection is shown at once unless the person is looking at one still live.
    if (isNew && autoSelect && s.origin !== 'past') {
      const cur = this.selectedId === null ? undefined : this.sessions.get(this.selectedId);
      if (!cur || cur.state !== 'live') this.select(s.id);
    }
  }

  windowOf(id: number): RowWindow {
    let w = this.windows.get(id);
    if (!w) {
      w = new RowWindow();
      const s = this.sessions.get(id);
      if (s) w.count = s.rows;
      this.windows.set(id, w);
    }
    return w;
  }

  select(id: number | null): void {
    if (this.selectedId === id) return;
    this.selectedId = id;
    if (this.search) void this.clearSearch();
    if (id !== null) {
      const s = this.sessions.get(id);
      if (s) this.seenLines.set(id, s.linesIn);
    }
    this.changed();
  }

  unread(id: number): number {
    const s = this.sessions.get(id);
    if (!s || id === this.selectedId) return 0;
    return Math.max(0, s.linesIn - (this.seenLines.get(id) ?? 0));
  }

  rate(id: number): { linesPerSec: number; bytesPerSec: number } {
    return this.rates.get(id)?.rate(performance.now()) ?? { linesPerSec: 0, bytesPerSec: 0 };
  }

  sessionList(): SessionInfo[] {
    return [...this.sessions.values()];
  }

  notify(level: NoticeLevel, message: string): void {
    const id = ++this.noticeSeq;
    this.notices = [...this.notices.slice(-4), { id, level, message }];
    if (level === 'info') setTimeout(() => this.dismiss(id), 8000);
    this.changed();
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
    this.changed();
  }

  /** Runs a command, turning a failure into an error notice; returns undefined on failure. */
  async run<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      this.notify('error', `${what}: ${errorText(e)}`);
      return undefined;
    }
  }

  async loadPast(): Promise<void> {
    const past = await this.run('Could not list past sessions', () => this.bridge.invoke('past:list', null));
    if (past) {
      this.past = past;
      this.changed();
    }
  }

  async openPast(key: string): Promise<void> {
    const s = await this.run('Could not open the past session', () => this.bridge.invoke('past:open', { key }));
    if (s) {
      this.putSession(s);
      this.select(s.id);
    }
  }

  async startSearch(sessionId: number, query: string, regex: boolean, caseSensitive: boolean): Promise<void> {
    const prev = this.search;
    if (prev?.searchId != null) void this.bridge.invoke('search:cancel', { searchId: prev.searchId }).catch(() => undefined);
    if (query === '') {
      this.search = null;
      this.changed();
      return;
    }
    const state: SearchState = {
      sessionId, query, regex, caseSensitive, searchId: null, matches: 0, rowsWithMatches: 0,
      done: false, current: -1, ordinal: 0,
    };
    this.search = state;
    this.changed();
    try {
      const { searchId } = await this.bridge.invoke('search:start', { id: sessionId, query, regex, caseSensitive });
      if (this.search === state) state.searchId = searchId;
      else void this.bridge.invoke('search:cancel', { searchId }).catch(() => undefined);
    } catch (e) {
      state.error = errorText(e);
      state.done = true;
    }
    this.changed();
  }

  /** Moves to the next or previous match; `fromRow` is where to start when nothing is current yet. */
  async seek(dir: 1 | -1, fromRow: number): Promise<void> {
    const s = this.search;
    if (!s || s.searchId === null) return;
    const row = s.current >= 0 ? s.current : fromRow;
    const res = await this.run('Find', () => this.bridge.invoke('search:seek', { searchId: s.searchId!, row, dir }));
    if (!res || this.search !== s) return;
    if (res.row >= 0) {
      s.current = res.row;
      s.ordinal = res.ordinal;
      this.reveal(res.row);
    }
    this.changed();
  }

  async clearSearch(): Promise<void> {
    await this.startSearch(0, '', false, false);
  }

  reveal(row: number): void {
    this.revealRow = row;
    this.revealSeq++;
    this.changed();
  }

  markSent(id: number): void {
    this.lastSentAt.set(id, Date.now());
  }

  /** Rows fetched outside the visible window (copying a selection), in request-sized pieces. */
  async fetchRows(id: number, from: number, to: number): Promise<Row[]> {
    const out: Row[] = [];
    for (let at = from; at < to; ) {
      const end = Math.min(to, at + LIMITS.maxRowsPerRequest);
      const res = await this.bridge.invoke('session:rows', { id, from: at, to: end });
      out.push(...res.rows);
      if (res.rows.length === 0) break;
      at = res.from + res.rows.length;
    }
    return out;
  }
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object' && 'error' in e) return String((e as { error: unknown }).error);
  return String(e);
}
