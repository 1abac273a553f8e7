/**
 * The transcript's view tools, per session: a filter served by the core over the
 * whole session, "Clear view" (the view starts at the row count of that moment), and
 * the rows on screen and selected (for the hex view). The transcript draws view
 * positions; a RowMap says which row each position shows.
 */
import { LIMITS } from '../../../shared/limits.ts';
import type { PortholeEvent, Row, RowKind } from '../../../shared/types.ts';
import { identityMap, offsetMap, type RowMap } from '../model/row-map.ts';
import { errorText, type AppStore } from './app-store.ts';

export type FilterKind = 'all' | 'err' | 'sent' | 'note';

export interface FilterSpec {
  query: string;
  regex: boolean;
  caseSensitive: boolean;
  invert: boolean;
  kind: FilterKind;
}

/** Row numbers fetched a page at a time. */
const PAGE = 500;
/** Filtered rows held at most outside the session's own row window. */
const MAX_CACHED_ROWS = 4000;
/** Rows fetched beyond the screen each side. */
const MARGIN = 60;
/** Rows between two filtered rows still fetched in one request. */
const GAP = 40;

export class FilterView {
  filterId: number | null = null;
  matches = 0;
  done = false;
  error?: string;
  private pages = new Map<number, number[]>();
  private stale = new Set<number>();
  private asked = new Set<number>();
  private rows = new Map<number, Row>();
  private rowsAsked = new Set<number>();
  seq = 0;

  constructor(readonly sessionId: number, readonly spec: FilterSpec) {}

  rowAt(pos: number): number {
    const page = this.pages.get(Math.floor(pos / PAGE));
    const r = page?.[pos % PAGE];
    return r === undefined ? -1 : r;
  }

  posOf(row: number): number {
    for (const [p, rows] of this.pages) {
      if (rows.length === 0 || row < rows[0] || row > rows[rows.length - 1]) continue;
      let lo = 0;
      let hi = rows.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (rows[mid] < row) lo = mid + 1;
        else hi = mid;
      }
      return p * PAGE + Math.min(lo, rows.length - 1);
    }
    return -1;
  }

  cached(row: number): Row | undefined {
    return this.rows.get(row);
  }

  /** New progress: pages that may have changed are asked again (kept until then, so nothing flickers). */
  progress(matches: number, done: boolean, error?: string): void {
    const from = this.done ? Math.floor(this.matches / PAGE) : 0;
    this.matches = matches;
    this.done = done;
    this.error = error;
    for (const p of this.pages.keys()) if (p >= from) this.stale.add(p);
  }

  want(store: AppStore, first: number, end: number, onChange: () => void): void {
    const id = this.filterId;
    if (id === null) return;
    const lo = Math.max(0, first - MARGIN);
    const hi = Math.min(this.matches, end + MARGIN);
    for (let p = Math.floor(lo / PAGE); p * PAGE < hi; p++) {
      if ((this.pages.has(p) && !this.stale.has(p)) || this.asked.has(p)) continue;
      this.asked.add(p);
      this.stale.delete(p);
      store.bridge.invoke('filter:rows', { filterId: id, from: p * PAGE, to: (p + 1) * PAGE }).then((res) => {
        this.asked.delete(p);
        if (this.filterId !== id) return;
        this.pages.set(p, res.rows);
        onChange();
      }, () => this.asked.delete(p));
    }
    // The rows' text: what the session's window does not hold, in runs of nearby rows.
    const win = store.windowOf(this.sessionId);
    const need: number[] = [];
    for (let i = first; i < end; i++) {
      const r = this.rowAt(i);
      if (r >= 0 && !win.get(r) && !this.rows.has(r) && !this.rowsAsked.has(r)) need.push(r);
    }
    if (need.length === 0) return;
    if (this.rows.size > MAX_CACHED_ROWS) this.rows.clear();
    let a = 0;
    while (a < need.length) {
      let b = a;
      while (b + 1 < need.length && need[b + 1] - need[b] <= GAP && need[b + 1] - need[a] < LIMITS.maxRowsPerRequest) b++;
      const run = need.slice(a, b + 1);
      for (const r of run) this.rowsAsked.add(r);
      const sid = this.sessionId;
      store.bridge.invoke('session:rows', { id: sid, from: run[0], to: run[run.length - 1] + 1 }).then((res) => {
        const wanted = new Set(run);
        for (const row of res.rows) if (wanted.has(row.index)) this.rows.set(row.index, row);
        for (const r of run) this.rowsAsked.delete(r);
        onChange();
      }, () => run.forEach((r) => this.rowsAsked.delete(r)));
      a = b + 1;
    }
  }
}

interface Shown {
  key: string;
  rows: number[];
  /** Selected rows, first and last (row numbers), or null. */
  sel: [number, number] | null;
}

export class ViewTools {
  readonly filters = new Map<number, FilterView>();
  readonly cleared = new Map<number, number>();
  private readonly shown = new Map<number, Shown>();
  hex = false;

  constructor(private readonly store: AppStore) {
    store.bridge.subscribe((events) => this.onEvents(events));
  }

  private onEvents(events: PortholeEvent[]): void {
    for (const ev of events) {
      if (ev.type === 'filter') {
        const f = [...this.filters.values()].find((x) => x.filterId === ev.filterId);
        if (f) f.progress(ev.matches, ev.done, ev.error);
      } else if (ev.type === 'removed') {
        this.filters.delete(ev.id);
        this.cleared.delete(ev.id);
        this.shown.delete(ev.id);
      }
    }
  }

  async setFilter(sessionId: number, spec: FilterSpec | null): Promise<void> {
    const old = this.filters.get(sessionId);
    if (old?.filterId != null) void this.store.bridge.invoke('filter:cancel', { filterId: old.filterId }).catch(() => undefined);
    if (!spec || (spec.query === '' && spec.kind === 'all')) {
      this.filters.delete(sessionId);
      this.store.changed();
      return;
    }
    const f = new FilterView(sessionId, spec);
    f.seq = (old?.seq ?? 0) + 1;
    this.filters.set(sessionId, f);
    this.store.changed();
    const kinds: RowKind[] = spec.kind === 'all' ? [] : [spec.kind];
    try {
      const { filterId } = await this.store.bridge.invoke('filter:start', {
        id: sessionId, query: spec.query, regex: spec.regex, caseSensitive: spec.caseSensitive, invert: spec.invert, kinds,
        from: this.cleared.get(sessionId) ?? 0,
      });
      if (this.filters.get(sessionId) === f) f.filterId = filterId;
      else void this.store.bridge.invoke('filter:cancel', { filterId }).catch(() => undefined);
    } catch (e) {
      f.error = errorText(e);
      f.done = true;
    }
    this.store.changed();
  }

  clearView(sessionId: number): void {
    this.cleared.set(sessionId, this.store.windowOf(sessionId).count);
    this.refilter(sessionId);
    this.store.changed();
  }

  showAll(sessionId: number): void {
    this.cleared.delete(sessionId);
    this.refilter(sessionId);
    this.store.changed();
  }

  /**
   * The position of `row` in the view of `id` (or of the next row it shows), asking the
   * core when a filter's page holding it is not loaded; −1 when the view has none.
   */
  async locate(id: number, row: number): Promise<number> {
    const map = this.rowMap(id);
    const known = map.posOf(row);
    if (known >= 0 && map.rowAt(known) === row) return known;
    const f = this.filters.get(id);
    if (!f || f.filterId === null) return known;
    return (await this.store.bridge.invoke('filter:pos', { filterId: f.filterId, row })).pos;
  }

  /**
   * The rows at positions [lo, hi] of the view of `id`, in order (for Copy): a range of
   * the session, or in a filtered view only the rows it keeps. At most `maxRows`.
   */
  async rowsAt(id: number, lo: number, hi: number, maxRows: number, maxChars: number): Promise<Row[]> {
    const map = this.rowMap(id);
    const f = this.filters.get(id);
    if (!f || f.filterId === null) {
      const first = map.rowAt(lo);
      if (first < 0) return [];
      return this.store.fetchRows(id, first, first + Math.min(hi - lo + 1, maxRows), maxChars);
    }
    const numbers: number[] = [];
    for (let at = lo; at <= hi && numbers.length < maxRows;) {
      const page = await this.store.bridge.invoke('filter:rows', { filterId: f.filterId, from: at, to: Math.min(hi + 1, at + maxRows - numbers.length) });
      if (page.rows.length === 0) break;
      numbers.push(...page.rows);
      at += page.rows.length;
    }
    const out: Row[] = [];
    let chars = 0;
    // Nearby kept rows are read together, as the filtered view reads them.
    for (let a = 0; a < numbers.length && chars < maxChars;) {
      let b = a;
      while (b + 1 < numbers.length && numbers[b + 1] - numbers[b] <= GAP && numbers[b + 1] - numbers[a] < LIMITS.maxRowsPerRequest) b++;
      const wanted = new Set(numbers.slice(a, b + 1));
      for (const r of await this.store.fetchRows(id, numbers[a], numbers[b] + 1, maxChars - chars)) {
        if (!wanted.has(r.index)) continue;
        out.push(r);
        chars += r.text.length;
      }
      a = b + 1;
    }
    return out;
  }

  /** A filter keeps to the cleared view: it starts again from where the view now starts. */
  private refilter(sessionId: number): void {
    const f = this.filters.get(sessionId);
    if (f) void this.setFilter(sessionId, f.spec);
  }

  setHex(on: boolean): void {
    this.hex = on;
    this.store.changed();
  }

  /** What the transcript of `id` shows: its rows, after the view was cleared, or the filter's. */
  rowMap(id: number): RowMap {
    const store = this.store;
    const win = store.windowOf(id);
    const f = this.filters.get(id);
    let map: RowMap;
    if (f) {
      const onChange = () => store.changed();
      map = {
        key: `filter:${f.seq}`,
        count: f.matches,
        rowAt: (i) => f.rowAt(i),
        posOf: (row) => f.posOf(row),
        get: (i) => {
          const r = f.rowAt(i);
          return r < 0 ? undefined : win.get(r) ?? f.cached(r);
        },
        want: (first, end) => f.want(store, first, end, onChange),
      };
    } else {
      const from = Math.min(this.cleared.get(id) ?? 0, win.count);
      map = from > 0 ? offsetMap(`from:${from}`, from, win, (a, b) => store.wantRows(id, a, b)) : identityMap(win, (a, b) => store.wantRows(id, a, b));
    }
    return map;
  }

  /**
   * The view of `id` changed (filter set or cleared, view cleared or shown whole): the
   * selection and the row to keep in view, as positions of the new view.
   */
  carry(id: number, map: RowMap): { sel: { anchor: number; focus: number } | null; reveal: number } | null {
    const s = this.shown.get(id);
    if (!s || s.key === map.key) return null;
    const anchor = s.sel ? s.sel[0] : s.rows[Math.floor(s.rows.length / 2)] ?? -1;
    const reveal = anchor >= 0 ? map.posOf(anchor) : -1;
    let sel = null;
    if (s.sel) {
      const a = map.posOf(s.sel[0]);
      const b = map.posOf(s.sel[1]);
      if (a >= 0 && b >= 0 && map.rowAt(a) === s.sel[0]) sel = { anchor: a, focus: b };
    }
    return { sel, reveal };
  }

  /** The transcript shows positions [first, end) of `map`, with positions [selLo, selHi] selected (selLo −1: none). */
  noteShown(id: number, map: RowMap, first: number, end: number, selLo: number, selHi: number): void {
    const prev = this.shown.get(id);
    const rows: number[] = [];
    for (let i = first; i < end; i++) {
      const r = map.rowAt(i);
      if (r >= 0) rows.push(r);
    }
    // Just switched views: the selection is still in the old view's positions until carried over.
    const sel = prev && prev.key !== map.key ? prev.sel : selLo >= 0 ? [map.rowAt(selLo), map.rowAt(selHi)] as [number, number] : null;
    const next = { key: map.key, rows, sel: sel && sel[0] >= 0 && sel[1] >= 0 ? sel : null };
    const same = prev && prev.key === next.key && prev.sel?.[0] === next.sel?.[0] && prev.sel?.[1] === next.sel?.[1]
      && prev.rows.length === rows.length && prev.rows[0] === rows[0] && prev.rows.at(-1) === rows.at(-1);
    this.shown.set(id, next);
    if (!same && this.hex) this.store.changed();
  }

  /** The rows the hex view shows: those selected, else those on screen. */
  hexRows(id: number): { rows: number[]; selected: boolean } {
    const s = this.shown.get(id);
    if (!s) return { rows: [], selected: false };
    if (s.sel) {
      const [a, b] = s.sel[0] <= s.sel[1] ? s.sel : [s.sel[1], s.sel[0]];
      const f = this.filters.get(id);
      if (!f) return { rows: Array.from({ length: Math.min(b - a + 1, 100_000) }, (_, k) => a + k), selected: true };
      return { rows: s.rows.filter((r) => r >= a && r <= b), selected: true };
    }
    return { rows: s.rows, selected: false };
  }
}

const tools = new WeakMap<AppStore, ViewTools>();

export function viewToolsOf(store: AppStore): ViewTools {
  let t = tools.get(store);
  if (!t) tools.set(store, (t = new ViewTools(store)));
  return t;
}

export function rowMapOf(store: AppStore, id: number): RowMap {
  return viewToolsOf(store).rowMap(id);
}
