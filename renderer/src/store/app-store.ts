import type { PortholeBridge } from '../../../shared/contract.ts';
import { LIMITS } from '../../../shared/limits.ts';
import type {
  AppInfo, ConnectInfo, LineEnding, ListenerInfo, NoticeLevel, PastSessionInfo, PortholeEvent, Row, SessionInfo,
} from '../../../shared/types.ts';
import { DrawPace } from '../model/draw-pace.ts';
import { focusBusy } from '../model/focus.ts';
import { PromptAlerts, type Alert, type WaitingSession } from '../model/prompt-alerts.ts';
import { RateMeter } from '../model/rate-meter.ts';
import { ReplyHistory } from '../model/reply-history.ts';
import { RowWindow, type FetchLimits, type RowRange } from '../model/row-window.ts';
import { waitingPrompt, windowTitle } from '../model/waiting.ts';

/**
 * How rows are fetched for the transcript: a margin around the viewport so small
 * scrolls need no request, and about 64 K characters of text a request (a few rows
 * when rows are long): a reply of NUL bytes is six times that as JSON, and decoding
 * it must stay a small task.
 */
const FETCH_LIMITS: FetchLimits = { margin: 300, maxRows: LIMITS.maxRowsPerRequest, maxChars: 64 * 1024 };

/** After a failed row request, the pause before asking again. */
const FETCH_RETRY_MS = 2_000;

/**
 * A session's open last row counts as a prompt once no rows have arrived for this long:
 * during a flood the last row is open between chunks many times a second, and the
 * window title, the session list and the Reply box must not flicker "waiting" for it.
 */
export const PROMPT_SETTLE_MS = 200;

/** Whether desktop notifications for waiting scripts are on, as the person last chose. */
const NOTIFY_KEY = 'porthole.notifyWhenWaiting';

export type NotifyState = 'unsupported' | 'blocked' | 'off' | 'on';

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
  /** What the person has typed in each session's Reply box and not sent yet. */
  readonly drafts = new Map<number, string>();
  /** The line ending chosen for each session. */
  readonly endings = new Map<number, LineEnding>();

  private windows = new Map<number, RowWindow>();
  /** The rows each transcript on screen shows. */
  private wanted = new Map<number, RowRange>();
  /** Sessions whose last row is being fetched. */
  private lastRowAsked = new Set<number>();
  /** Sessions whose last row request failed: none is made until a pause has passed. */
  private fetchPaused = new Set<number>();
  private rates = new Map<number, RateMeter>();
  /** When rows last arrived for each session (performance.now()), for PROMPT_SETTLE_MS. */
  private rowsAt = new Map<number, number>();
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private seenLines = new Map<number, number>();
  private version = 0;
  private subs = new Set<() => void>();
  private frame = 0;
  /** While the session on screen floods, frames wait for this timer (DrawPace). */
  private paceTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly pace = new DrawPace();
  /** Run once the next frame has drawn (the bridge's acknowledgements of delivered batches). */
  private afterDrawFns: (() => void)[] = [];
  private noticeSeq = 0;
  private unsubscribe: (() => void) | null = null;
  private alerts = new PromptAlerts();
  private alertTimer: ReturnType<typeof setTimeout> | undefined;
  private notifyOn = readNotifyChoice();
  /** Notification.permission, read once and then followed: reading it costs a round trip to the browser each time. */
  private permission: NotificationPermission | 'unsupported' = 'unsupported';
  private title = '';
  private readonly onWindowFocus = () => this.attend();

  constructor(readonly bridge: PortholeBridge) {}

  async start(): Promise<void> {
    this.unsubscribe = this.bridge.subscribe((events) => this.applyEvents(events));
    // A batch counts as drawn when the window draws it, at the pace the window draws.
    this.bridge.ackWhen?.((ack) => this.afterDraw(ack));
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
    if (typeof window !== 'undefined') window.addEventListener('focus', this.onWindowFocus);
    this.followPermission();
    this.changed();
    this.attend();
    await this.loadLastRows(sessions);
  }

  stop(): void {
    this.unsubscribe?.();
    this.bridge.ackWhen?.(null);
    if (this.frame) cancelAnimationFrame(this.frame);
    clearTimeout(this.paceTimer);
    this.paceTimer = undefined;
    this.afterDrawFns = [];
    clearTimeout(this.alertTimer);
    clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
    this.wanted.clear();
    if (typeof window !== 'undefined') window.removeEventListener('focus', this.onWindowFocus);
  }

  /**
   * The last row of each session that could be waiting at a prompt, for sessions whose
   * tail no event has brought yet (the window was opened or reloaded while they wait).
   */
  private async loadLastRows(sessions: SessionInfo[]): Promise<void> {
    await Promise.all(sessions.map((s) => this.loadLastRow(s.id)));
    this.changed();
    this.attend();
  }

  /** Fetches a session's last row if it is open and the row is not held (one request at a time). */
  private async loadLastRow(id: number): Promise<void> {
    const s = this.sessions.get(id);
    const w = this.windowOf(id);
    if (!s || s.state === 'closed' || s.readOnly || w.count === 0 || w.last() !== undefined || this.lastRowAsked.has(id)) return;
    this.lastRowAsked.add(id);
    try {
      const res = await this.bridge.invoke('session:rows', { id, from: w.count - 1, to: w.count });
      // An event may have brought newer rows meanwhile; those win.
      if (res.rows.length > 0 && w.last() === undefined && res.count === w.count) {
        w.applyRows(res.count, res.from, res.rows);
        this.changed();
        this.attend();
      }
    } catch {
      // Not shown as waiting until its next update; nothing else depends on it.
    } finally {
      this.lastRowAsked.delete(id);
    }
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

  /** Schedules one notification for this frame (or, while the session on screen floods, a later one). */
  changed(): void {
    if (this.frame || this.paceTimer !== undefined) return;
    const wait = this.pace.waitMs(performance.now());
    if (wait > 0) {
      this.paceTimer = setTimeout(() => {
        this.paceTimer = undefined;
        this.requestFrame();
      }, wait);
    } else {
      this.requestFrame();
    }
  }

  private requestFrame(): void {
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.pace.drew(performance.now());
      this.version++;
      for (const fn of this.subs) fn();
      const after = this.afterDrawFns;
      this.afterDrawFns = [];
      for (const fn of after) fn();
    });
  }

  /** Runs `fn` once the window has drawn what it holds now. */
  afterDraw(fn: () => void): void {
    this.afterDrawFns.push(fn);
    this.changed();
  }

  applyEvents(events: PortholeEvent[]): void {
    for (const ev of events) {
      switch (ev.type) {
        case 'listeners': this.listeners = ev.listeners; break;
        case 'connects': this.connects = ev.connects; break;
        case 'session': this.putSession(ev.session); break;
        case 'removed': this.forgetSession(ev.id); break;
        case 'rows': {
          if (this.removed.has(ev.id)) break;
          const w = this.windowOf(ev.id);
          w.applyRows(ev.count, ev.changedFrom, ev.tail);
          if (ev.id === this.selectedId) this.pace.note(performance.now(), w.count);
          this.rowsAt.set(ev.id, performance.now());
          this.settleLater();
          // A tail that stops short of the last row (a replay after reconnecting brings
          // what one bounded reply holds): the last row decides whether it is waiting.
          if (w.count > 0 && w.last() === undefined) void this.loadLastRow(ev.id);
          break;
        }
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
        case 'notice':
          // A listener that failed at start is shown where Porthole says it is not listening.
          if (!this.listeners.some((l) => l.state === 'error' && l.error === ev.message)) this.notify(ev.level, ev.message);
          break;
      }
    }
    this.changed();
    this.attend();
  }

  /** Sessions taken off the list: late updates for them are ignored. */
  private readonly removed = new Set<number>();

  /** A session left the list: drop what the window held for it, and look at another. */
  private forgetSession(id: number): void {
    this.removed.add(id);
    this.sessions.delete(id);
    this.windows.delete(id);
    this.rates.delete(id);
    this.rowsAt.delete(id);
    this.seenLines.delete(id);
    this.lastSentAt.delete(id);
    if (this.selectedId === id) {
      const rest = [...this.sessions.values()];
      const live = rest.filter((x) => x.state === 'live');
      this.select((live.length > 0 ? live : rest).at(-1)?.id ?? null);
    }
    // Its transcript is now among the past sessions.
    if (this.past !== null) void this.loadPast();
  }

  /** Deletes a past session's transcript (after the person confirmed). */
  async deletePast(key: string): Promise<void> {
    const done = await this.run('Could not delete the past session', () => this.bridge.invoke('past:delete', { key }));
    if (done !== undefined) await this.loadPast();
  }

  private putSession(s: SessionInfo, autoSelect = true): void {
    if (this.removed.has(s.id)) return;
    const isNew = !this.sessions.has(s.id);
    this.sessions.set(s.id, s);
    let meter = this.rates.get(s.id);
    if (!meter) this.rates.set(s.id, (meter = new RateMeter()));
    meter.add(performance.now(), s.linesIn, s.bytesIn);
    if (this.selectedId === s.id) this.seenLines.set(s.id, s.linesIn);
    const w = this.windows.get(s.id);
    if (w && s.rows > w.count) w.count = s.rows;
    // A new connection is shown at once unless the person is looking at one still live,
    // or is typing: replacing the session on screen would take the field from under them.
    if (isNew && autoSelect && s.origin !== 'past') {
      const cur = this.selectedId === null ? undefined : this.sessions.get(this.selectedId);
      if ((!cur || cur.state !== 'live') && !focusBusy()) this.select(s.id);
    }
  }

  /** The prompt the session is waiting at, or null. */
  promptOf(id: number): string | null {
    const s = this.sessions.get(id);
    return s && this.settled(id) ? waitingPrompt(s, this.windows.get(id)?.last()) : null;
  }

  /** Whether the session's rows have been still for PROMPT_SETTLE_MS (or never came as events). */
  private settled(id: number, now = performance.now()): boolean {
    const at = this.rowsAt.get(id);
    return at === undefined || now - at >= PROMPT_SETTLE_MS;
  }

  /** Once the sessions that just received rows are still, look at them again: one of them may be waiting. */
  private settleLater(): void {
    if (this.settleTimer !== undefined) return;
    const check = () => {
      const now = performance.now();
      let next = Infinity;
      for (const [id, at] of this.rowsAt) {
        if (now - at >= PROMPT_SETTLE_MS) this.rowsAt.delete(id);
        else next = Math.min(next, at + PROMPT_SETTLE_MS - now);
      }
      this.settleTimer = next < Infinity ? setTimeout(check, Math.ceil(next) + 1) : undefined;
      this.changed();
      this.attend();
    };
    this.settleTimer = setTimeout(check, PROMPT_SETTLE_MS + 1);
  }

  /** Sessions waiting for input, each with its prompt and what identifies that prompt. */
  waiting(): WaitingSession[] {
    const out: WaitingSession[] = [];
    const now = performance.now();
    for (const s of this.sessions.values()) {
      if (!this.settled(s.id, now)) continue;
      const last = this.windows.get(s.id)?.last();
      const prompt = waitingPrompt(s, last);
      if (prompt !== null && last) out.push({ id: s.id, name: s.name, key: `${s.id}:${last.index}`, prompt });
    }
    return out;
  }

  /**
   * Tells the person who is waiting: the window title, and a desktop notification when
   * the window is not in front. Runs on events rather than frames, since a hidden page
   * gets no frames and that is when the title and notifications matter.
   */
  private attend(): void {
    if (typeof document === 'undefined') return;
    const waiting = this.waiting();
    const title = windowTitle(waiting.length);
    if (title !== this.title) {
      this.title = title;
      document.title = title;
    }
    const on = this.notifyState() === 'on';
    const inFront = !on || (document.visibilityState === 'visible' && document.hasFocus());
    const { alert, recheckInMs } = this.alerts.update(on ? waiting : [], performance.now(), inFront);
    if (alert) this.showAlert(alert);
    clearTimeout(this.alertTimer);
    if (recheckInMs !== undefined) this.alertTimer = setTimeout(() => this.attend(), recheckInMs);
  }

  private showAlert(a: Alert): void {
    try {
      // The body is plain text by the Notification API's definition: nothing in it is markup.
      const n = new Notification(a.title, { body: a.body, tag: 'porthole-waiting' });
      n.onclick = () => {
        window.focus();
        if (a.sessionId !== undefined) this.select(a.sessionId);
        n.close();
      };
    } catch {
      // Some browsers allow notifications only from a service worker; the title still counts.
    }
  }

  notifyState(): NotifyState {
    if (this.permission === 'unsupported') return 'unsupported';
    if (this.permission === 'denied') return 'blocked';
    return this.notifyOn && this.permission === 'granted' ? 'on' : 'off';
  }

  private followPermission(): void {
    if (typeof Notification === 'undefined') return;
    this.permission = Notification.permission;
    // Changed in the browser's site settings while the page is open.
    void navigator.permissions?.query({ name: 'notifications' }).then((status) => {
      status.onchange = () => {
        this.permission = Notification.permission;
        this.changed();
      };
    }, () => undefined);
  }

  /** Turns notifications on; asks the browser's permission, so only ever from a click. */
  async enableNotifications(): Promise<void> {
    if (typeof Notification === 'undefined') return;
    let permission = Notification.permission;
    if (permission !== 'granted') {
      try {
        permission = await Notification.requestPermission();
      } catch (e) {
        this.notify('error', `Could not turn on notifications: ${errorText(e)}`);
        return;
      }
    }
    this.permission = permission;
    if (permission !== 'granted') {
      this.notify('warning', 'Notifications are blocked for this page. Allow them in the browser\'s site settings to be told when a script is waiting.');
      this.changed();
      return;
    }
    this.notifyOn = true;
    saveNotifyChoice(true);
    this.changed();
    // What is waiting now was seen: the person is at the window, clicking.
    this.attend();
  }

  disableNotifications(): void {
    this.notifyOn = false;
    saveNotifyChoice(false);
    this.changed();
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

  /**
   * The transcript of `id` shows rows [from, to): fetches what is missing, one request
   * at a time, each reply followed at once by the next request until the rows and a
   * margin around them are held (a reply may bring fewer rows than asked).
   */
  wantRows(id: number, from: number, to: number): void {
    this.wanted.set(id, { from, to });
    this.pump(id);
  }

  /** The transcript of `id` is gone: fetch nothing more for it. */
  unwantRows(id: number): void {
    this.wanted.delete(id);
  }

  private pump(id: number): void {
    const want = this.wanted.get(id);
    if (!want || this.fetchPaused.has(id)) return;
    const win = this.windowOf(id);
    const req = win.need(want.from, want.to, FETCH_LIMITS);
    if (!req) return;
    this.bridge.invoke('session:rows', { id, from: req.from, to: req.to }).then(
      (res) => {
        win.fill(res.from, res.rows, res.count);
        this.changed();
        this.pump(id);
      },
      (e: unknown) => {
        // Said once, then asked again after a pause rather than on every frame.
        win.forget();
        this.notify('error', `Could not read rows: ${errorText(e)}`);
        this.fetchPaused.add(id);
        setTimeout(() => {
          this.fetchPaused.delete(id);
          this.pump(id);
        }, FETCH_RETRY_MS);
      },
    );
  }

  select(id: number | null): void {
    if (this.selectedId === id) return;
    this.selectedId = id;
    this.pace.reset();
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

  /** Resolves once the current search has found a match or finished (or after `ms`), so Enter right after typing finds something. */
  async searchFound(ms = 3_000): Promise<void> {
    const s = this.search;
    const until = Date.now() + ms;
    while (s && this.search === s && s.error === undefined && s.matches === 0 && !s.done && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 25));
    }
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

  /**
   * Rows fetched outside the visible window (copying a selection), in request-sized
   * pieces, until `to` or until `maxChars` characters of text have come.
   */
  async fetchRows(id: number, from: number, to: number, maxChars = Infinity): Promise<Row[]> {
    const out: Row[] = [];
    let chars = 0;
    for (let at = from; at < to && chars < maxChars;) {
      const end = Math.min(to, at + LIMITS.maxRowsPerRequest);
      // A reply may bring fewer rows than asked (each is bounded in bytes): ask again from where it stopped.
      const res = await this.bridge.invoke('session:rows', { id, from: at, to: end });
      for (const r of res.rows) {
        if (r.index >= to || chars >= maxChars) break;
        out.push(r);
        chars += r.text.length;
      }
      if (res.rows.length === 0) break;
      at = res.from + res.rows.length;
    }
    return out;
  }
}

function readNotifyChoice(): boolean {
  try {
    return globalThis.localStorage?.getItem(NOTIFY_KEY) === 'on';
  } catch {
    return false;
  }
}

function saveNotifyChoice(on: boolean): void {
  try {
    globalThis.localStorage?.setItem(NOTIFY_KEY, on ? 'on' : 'off');
  } catch {
    // Storage refused (private mode): the choice lasts until the page is closed.
  }
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object' && 'error' in e) return String((e as { error: unknown }).error);
  return String(e);
}
