/**
 * The plot panel's state and its link to the core: which sessions are plotted, the x
 * axis, the view (following or fixed), hidden series, and the decimated lines last
 * received. It asks the core for at most one update per session at a time and at most
 * once a frame, and only when something changed: the view, the width, the series shown,
 * or (while following) the session's row count. The page holds only what is drawn:
 * about two points per pixel column per series.
 */
import type { PortholeBridge } from '../../../shared/contract.ts';
import type { PlotDataResult, PlotXMode } from '../../../shared/plot.ts';
import { FOLLOW_ALL, PALETTE, panBy, requestRange, shownRange, zoomAround, type ViewState } from './plot-model.ts';

/** Ask again this often while the core is still reading a session's rows. */
const CATCH_UP_POLL_MS = 120;
/**
 * While following, a session with many points is asked again less often: each request
 * costs the core time in proportion to the pixel columns and the blocks of points they
 * span, and at millions of points a new row barely changes the picture (10M: 10 a second).
 */
const followIntervalMs = (points: number) => Math.min(250, points / 100_000);
/** The narrowest view: 4 rows, or 50 ms. */
const MIN_SPAN: Record<PlotXMode, number> = { row: 4, time: 50 };

export interface PlotLineView {
  key: string;
  sessionId: number;
  name: string;
  label: string;
  /** Index in the palette. */
  color: number;
  x: number[];
  y: number[];
  row: number[];
  last: { x: number; y: number; row: number } | null;
}

export interface SeriesEntry {
  key: string;
  sessionId: number;
  name: string;
  label: string;
  color: number;
  shown: boolean;
  last: { x: number; y: number; row: number } | null;
}

interface SessionPlot {
  id: number;
  data: PlotDataResult | null;
  inFlight: boolean;
  /** What the last request was made for: the view's sequence number and the row count then. */
  askedSeq: number;
  askedCount: number;
  askedAt: number;
  /** Series names the last request asked for. */
  asked: Set<string>;
  error: string | null;
}

export interface SessionSource {
  /** Rows the session has now (from the store's events). */
  rows(id: number): number;
  name(id: number): string;
}

export const seriesKey = (sessionId: number, name: string) => `${sessionId}:${name}`;

/**
 * Names scripts give their own clock or counter (t=…, millis=… on an Arduino): a line
 * climbing across the plot would squash the others, so these start hidden.
 */
const CLOCK_NAME = /^(?:t|time|ts|timestamp|elapsed|millis|micros|uptime)$/i;

export class PlotController {
  sessions: number[] = [];
  xMode: PlotXMode = 'time';
  view: ViewState = FOLLOW_ALL;
  /** Pixel width of the plotting area: the core keeps two points per pixel column. */
  width = 600;
  /** The person's choices; series without one are shown unless named like a clock. */
  private readonly chosen = new Map<string, boolean>();
  private readonly colors = new Map<string, number>();
  private readonly plots = new Map<number, SessionPlot>();
  private seq = 0;
  private frame = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private version = 0;
  private readonly subs = new Set<() => void>();
  private readonly drawSubs = new Set<() => void>();
  private stopped = false;

  constructor(private readonly bridge: PortholeBridge, private readonly source: SessionSource) {}

  // ---- subscriptions ----------------------------------------------------------

  /** For React: the panel's state changed. */
  subscribe = (fn: () => void): (() => void) => {
    this.subs.add(fn);
    return () => this.subs.delete(fn);
  };

  getVersion = (): number => this.version;

  /** For the chart: lines or the range to show changed. */
  onDraw(fn: () => void): () => void {
    this.drawSubs.add(fn);
    return () => this.drawSubs.delete(fn);
  }

  private changed(draw = true): void {
    this.version++;
    for (const fn of this.subs) fn();
    if (draw) for (const fn of this.drawSubs) fn();
  }

  /** Something that needs new data changed: ask again on the next frame. */
  private invalidate(): void {
    this.seq++;
    this.changed();
    this.poke();
  }

  // ---- what is plotted ----------------------------------------------------------

  /** The session on screen: the first plotted. A session already plotted keeps its place. */
  setPrimary(id: number): void {
    if (this.sessions.includes(id)) return;
    this.plots.delete(this.sessions[0]);
    this.sessions = [id, ...this.sessions.slice(1)];
    this.invalidate();
  }

  addSession(id: number): void {
    if (this.sessions.includes(id)) return;
    this.sessions = [...this.sessions, id];
    this.invalidate();
  }

  removeSession(id: number): void {
    if (this.sessions.length <= 1 || !this.sessions.includes(id)) return;
    this.sessions = this.sessions.filter((x) => x !== id);
    this.plots.delete(id);
    this.invalidate();
  }

  setXMode(mode: PlotXMode): void {
    if (mode === this.xMode) return;
    this.xMode = mode;
    // The other axis's numbers mean nothing here: show everything, following.
    this.view = FOLLOW_ALL;
    for (const p of this.plots.values()) p.data = null;
    this.invalidate();
  }

  private shown(sessionId: number, name: string): boolean {
    return this.chosen.get(seriesKey(sessionId, name)) ?? !CLOCK_NAME.test(name);
  }

  /** Shows or hides a series (by its key, `sessionId:name`). */
  toggle(key: string): void {
    const cut = key.indexOf(':');
    this.chosen.set(key, !this.shown(Number(key.slice(0, cut)), key.slice(cut + 1)));
    this.invalidate();
  }

  setWidth(px: number): void {
    const w = Math.max(16, Math.round(px));
    if (Math.abs(w - this.width) < 4) return;
    this.width = w;
    this.invalidate();
  }

  // ---- the view -------------------------------------------------------------------

  get minSpan(): number {
    return MIN_SPAN[this.xMode];
  }

  /** Shows [from, to] and stops following. */
  zoomTo(from: number, to: number): void {
    if (!(to > from)) return;
    if (to - from < this.minSpan) [from, to] = zoomAround([from, to], (from + to) / 2, 0, this.minSpan);
    this.view = { follow: false, span: null, from, to };
    this.invalidate();
  }

  zoomBy(factor: number, at: number): void {
    const r = this.range();
    if (!r) return;
    const [from, to] = zoomAround(r, at, factor, this.minSpan);
    this.zoomTo(from, to);
  }

  panBy(delta: number): void {
    const r = this.range();
    if (!r) return;
    const [from, to] = panBy(r, delta);
    this.zoomTo(from, to);
  }

  /** Follows the newest point again, keeping the width of the view when zoomed. */
  follow(): void {
    if (this.view.follow) return;
    const ext = this.extents();
    const span = this.view.to - this.view.from;
    this.view = { follow: true, span: ext && span < ext.max - ext.min ? span : null, from: 0, to: 0 };
    this.invalidate();
  }

  /** Everything, following. */
  reset(): void {
    this.view = FOLLOW_ALL;
    this.invalidate();
  }

  /** First and last x of every series drawn, over all sessions. */
  extents(): { min: number; max: number } | null {
    let min = Infinity;
    let max = -Infinity;
    for (const id of this.sessions) {
      const d = this.plots.get(id)?.data;
      if (d?.xMin != null && d.xMax != null) {
        min = Math.min(min, d.xMin);
        max = Math.max(max, d.xMax);
      }
    }
    return min <= max ? { min, max } : null;
  }

  /** The x range on screen (null before any point). */
  range(): [number, number] | null {
    return shownRange(this.view, this.extents(), this.minSpan);
  }

  // ---- what is drawn -------------------------------------------------------------

  /** A series' name, with its session's when several are plotted (and the session's number when their names are alike). */
  private label(sessionId: number, name: string): string {
    if (this.sessions.length <= 1) return name;
    const own = this.source.name(sessionId);
    const alike = this.sessions.some((id) => id !== sessionId && this.source.name(id) === own);
    return `${name} · ${own}${alike ? ` #${sessionId}` : ''}`;
  }

  private colorOf(key: string): number {
    let c = this.colors.get(key);
    if (c === undefined) {
      c = this.colors.size % PALETTE.light.length;
      this.colors.set(key, c);
    }
    return c;
  }

  /** Every series of the plotted sessions, shown or not, for the legend. */
  series(): SeriesEntry[] {
    const out: SeriesEntry[] = [];
    for (const id of this.sessions) {
      const d = this.plots.get(id)?.data;
      if (!d) continue;
      const lines = new Map(d.lines.map((l) => [l.name, l]));
      for (const s of d.series) {
        const key = seriesKey(id, s.name);
        out.push({
          key, sessionId: id, name: s.name, label: this.label(id, s.name), color: this.colorOf(key),
          shown: this.shown(id, s.name), last: lines.get(s.name)?.last ?? null,
        });
      }
    }
    return out;
  }

  /** The lines to draw, in legend order. */
  lines(): PlotLineView[] {
    const out: PlotLineView[] = [];
    for (const id of this.sessions) {
      const d = this.plots.get(id)?.data;
      if (!d || d.xMode !== this.xMode) continue;
      for (const l of d.lines) {
        const key = seriesKey(id, l.name);
        if (!this.shown(id, l.name)) continue;
        out.push({ key, sessionId: id, name: l.name, label: this.label(id, l.name), color: this.colorOf(key), x: l.x, y: l.y, row: l.row, last: l.last });
      }
    }
    return out;
  }

  /** Per session: rows read for numbers and rows in all, a limit note, an error. */
  status(): { id: number; scanned: number; count: number; limited?: string; error: string | null; pattern: string }[] {
    return this.sessions.map((id) => {
      const p = this.plots.get(id);
      return {
        id, scanned: p?.data?.scanned ?? 0, count: p?.data?.count ?? this.source.rows(id),
        limited: p?.data?.limited, error: p?.error ?? null, pattern: p?.data?.pattern ?? '',
      };
    });
  }

  /** Reads the session's numbers with a pattern ('' for automatic); resolves with the core's complaint, if any. */
  async setPattern(id: number, pattern: string): Promise<string | null> {
    try {
      await this.bridge.invoke('plot:pattern', { id, pattern });
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
    const p = this.plots.get(id);
    if (p) p.data = null;
    this.invalidate();
    return null;
  }

  // ---- asking the core --------------------------------------------------------------

  /** Checks on the next frame whether anything needs asking (call when the store changed). */
  poke(): void {
    if (this.frame || this.stopped) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.fetchDue();
    });
  }

  private fetchDue(): void {
    const now = performance.now();
    let waitMore = false;
    for (const id of this.sessions) {
      let p = this.plots.get(id);
      if (!p) {
        p = { id, data: null, inFlight: false, askedSeq: -1, askedCount: -1, askedAt: 0, asked: new Set(), error: null };
        this.plots.set(id, p);
      }
      if (p.inFlight) continue;
      const d = p.data;
      const count = this.source.rows(id);
      const behind = d !== null && d.scanned < d.count;
      const newSeries = d !== null && d.series.some((s) => !p.asked.has(s.name) && this.shown(id, s.name));
      const points = d ? d.series.reduce((n, s) => n + s.points, 0) : 0;
      const grown = this.view.follow && count !== p.askedCount;
      const soon = now - p.askedAt >= followIntervalMs(points);
      const due = p.askedSeq !== this.seq || newSeries
        || (grown && soon)
        || (behind && now - p.askedAt >= CATCH_UP_POLL_MS);
      if ((behind || grown) && !due) waitMore = true;
      if (due && !(p.error && p.askedSeq === this.seq && count === p.askedCount)) this.fetch(p, count);
    }
    if (waitMore && this.retry === undefined) {
      this.retry = setTimeout(() => {
        this.retry = undefined;
        this.poke();
      }, 50);
    }
  }

  private fetch(p: SessionPlot, count: number): void {
    const id = p.id;
    const names = (p.data?.series ?? []).map((s) => s.name).filter((n) => this.shown(id, n));
    const ext = this.extents();
    const newest = ext ? ext.max : null;
    const range = requestRange(this.view, newest);
    p.inFlight = true;
    p.askedSeq = this.seq;
    p.askedCount = count;
    p.askedAt = performance.now();
    p.asked = new Set(names);
    const width = this.width;
    this.bridge.invoke('plot:data', { id, series: names, xMode: this.xMode, width, ...range }).then(
      (d) => {
        p.inFlight = false;
        if (this.stopped || this.plots.get(id) !== p) return;
        p.error = null;
        if (d.xMode === this.xMode) p.data = d;
        // Following the last span, the range was worked out from the newest point known then: if that moved, ask again for the right one.
        if (this.view.follow && this.view.span !== null && (this.extents()?.max ?? null) !== newest) p.askedSeq = -1;
        // Colours in the order the series were first seen, whichever are shown.
        for (const s of d.series) this.colorOf(seriesKey(id, s.name));
        this.changed();
        this.poke();
      },
      (e: unknown) => {
        p.inFlight = false;
        if (this.stopped || this.plots.get(id) !== p) return;
        // Asked again when something changes, not in a loop.
        p.error = e instanceof Error ? e.message : String(e);
        this.changed(false);
      },
    );
  }

  start(): void {
    this.stopped = false;
    this.poke();
  }

  stop(): void {
    this.stopped = true;
    cancelAnimationFrame(this.frame);
    clearTimeout(this.retry);
  }
}
