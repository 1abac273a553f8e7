import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { Row, SessionInfo } from '../../../shared/types.ts';
import { compileFind } from '../model/highlight.ts';
import { planDraw } from '../model/draw-budget.ts';
import { FOLD_CHARS, rowPlain } from '../model/row-view.ts';
import { clampTopVar, estimateLines, maxTopVar, moveByPx, revealTopVar, RowHeights, visibleRangeVar, type HeightOf } from '../model/row-heights.ts';
import { formatDuration, rowPxFor, useViewSettings } from '../model/view-settings.ts';
import { useStore } from '../store/store-context.ts';
import { rowMapOf, viewToolsOf } from '../store/view-tools.ts';
import { qaToolsOf } from '../store/qa-tools.ts';
import { SaveAsTestButton } from './SaveAsTest.tsx';
import { Scrollbar } from './Scrollbar.tsx';
import { TranscriptRow } from './TranscriptRow.tsx';
import { ViewControls } from './ViewControls.tsx';
import './transcript-view.css';

const OVERSCAN = 4;
/** Rows draw whole (up to 64 KiB); characters new rows may add to the page in one frame. */
const NEW_CHARS_PER_FRAME = 16 * 1024;
/** Re-renders in a row caused by measuring wrapped rows, before waiting for the next frame. */
const MEASURE_PASSES = 3;
/** Most rows, and characters, the Copy action gathers at once. */
const COPY_LIMIT = 200_000;
const COPY_CHARS = 32 * 1024 * 1024;
/**
 * Work one frame may spend on rows new to the screen: milliseconds of parsing, and
 * styled spans put into the page. Rows over the budget are drawn on the next frames,
 * so no output, however hostile, makes one long task.
 */
const PARSE_BUDGET_MS = 6;
const NEW_SPANS_PER_FRAME = 600;

interface Props {
  session: SessionInfo;
  showTime: boolean;
  onShowTime(on: boolean): void;
}

/**
 * The transcript of one session, drawn by hand rather than with a virtual-list
 * library: those lay rows out in a native scroll area whose height is rows × row
 * height, which browsers cap near 16–33M px (under a million rows). Here the position
 * is a row number, only the visible rows exist in the DOM, and rows come from the
 * core on demand, so scrolling costs the same at any length.
 */
export function Transcript({ session, showTime, onShowTime }: Props) {
  const store = useStore();
  const id = session.id;
  // View positions and the rows they show (the whole session, a cleared view, a filter's rows).
  const rm = rowMapOf(store, id);
  const count = rm.count;
  const viewportRef = useRef<HTMLDivElement>(null);
  const rowsRef = useRef<HTMLDivElement>(null);
  const [heightPx, setHeightPx] = useState(400);
  const [widthPx, setWidthPx] = useState(800);
  const view = useViewSettings();
  const rowPx = rowPxFor(view.fontPx);
  const heights = useRef(new RowHeights()).current;
  const measurePasses = useRef(0);
  const revealPending = useRef(false);
  /** Rows (by row number) the person asked to see whole; the latest few. */
  const [wholeRows, setWholeRows] = useState<readonly number[]>([]);
  const onWhole = useCallback((index: number) => setWholeRows((w) => [...w.filter((x) => x !== index).slice(-31), index]), []);
  const [, redraw] = useReducer((x: number) => x + 1, 0);
  const pos = useRef({ top: 0, follow: true, countWhenLeft: 0 });
  const frame = useRef(0);
  const [sel, setSel] = useState<{ anchor: number; focus: number } | null>(null);
  const revealSeen = useRef(store.revealSeq);
  /** Rows in the page after the last render, and whether some rows still wait for their turn. */
  const onScreen = useRef(new Set<Row>());
  const deferred = useRef(false);

  // Wrapped rows have the heights measured when they were on screen; the others are
  // estimated from their length (when held) at one line each otherwise.
  heights.setLayout(`${view.wrap}|${view.fontPx}|${widthPx}|${showTime}|${rm.key}`);
  const cols = Math.floor((widthPx - 40 - (showTime ? view.fontPx * 8 : 0)) / (view.fontPx * 0.6));
  const heightOf: HeightOf = view.wrap
    ? (i) => heights.get(i) ?? estimateLines(Math.min(rm.get(i)?.text.length ?? 0, FOLD_CHARS), cols) * rowPx
    : () => rowPx;
  const lastTop = maxTopVar(count, heightPx, heightOf);
  // Rows in a screenful, as the scrollbar sizes its thumb: the position runs from 0 to count − viewRows.
  const viewRows = lastTop > 0 ? count - lastTop : Math.max(count, heightPx / rowPx);
  const p = pos.current;
  if (p.follow) p.top = lastTop;
  else p.top = Math.min(Math.max(0, p.top), lastTop);
  store.viewTop = Math.floor(p.top);

  const scheduleRedraw = () => {
    if (!frame.current) {
      frame.current = requestAnimationFrame(() => {
        frame.current = 0;
        redraw();
      });
    }
  };

  /**
   * Wheel and drag come many times a frame and redraw on the next frame; keys and
   * clicks redraw at once, so what a key press shows is on screen when it returns.
   */
  const scrollTo = (top: number, immediate = false) => {
    const cur = pos.current;
    const c = rowMapOf(store, id).count;
    cur.top = clampTopVar(top, c, heightPx, heightOf);
    const wasFollowing = cur.follow;
    // At the tail when within half a row of the bottom.
    cur.follow = cur.top >= maxTopVar(c, heightPx, heightOf) - 0.5;
    if (wasFollowing && !cur.follow) cur.countWhenLeft = c;
    if (immediate) redraw();
    else scheduleRedraw();
  };
  const scrollByPx = (px: number, immediate = false) =>
    scrollTo(moveByPx(pos.current.top, px, rowMapOf(store, id).count, heightPx, heightOf, rowPx), immediate);
  /** A page: a screenful less one line; whole rows when rows do not wrap. */
  const pagePx = view.wrap ? Math.max(rowPx, heightPx - rowPx) : Math.max(1, Math.floor(heightPx / rowPx) - 1) * rowPx;

  useLayoutEffect(() => {
    const el = viewportRef.current;
    if (!el) return;
    const measure = () => {
      setHeightPx(el.clientHeight || 400);
      setWidthPx(el.clientWidth || 800);
    };
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    measure();
    return () => ro.disconnect();
  }, []);

  // Wheel: a native non-passive listener, since the scrolling is ours.
  useEffect(() => {
    const el = viewportRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      if (e.ctrlKey) return;
      // Sideways (Shift+wheel, a touchpad's swipe) stays native: unwrapped rows scroll horizontally.
      if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) return;
      e.preventDefault();
      scrollByPx(e.deltaMode === 1 ? e.deltaY * rowPx : e.deltaMode === 2 ? e.deltaY * pagePx : e.deltaY);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  });

  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  // A find result to show.
  useEffect(() => {
    if (store.revealSeq !== revealSeen.current) {
      revealSeen.current = store.revealSeq;
      revealPending.current = true;
      const row = store.revealRow;
      const at = rm.posOf(row);
      if (at >= 0 && rm.rowAt(at) === row) scrollTo(revealTopVar(at, pos.current.top, heightPx, count, heightOf, rowPx));
      else {
        // A filtered view whose page holding the row is not loaded yet: the core knows where it is.
        const seq = store.revealSeq;
        void viewToolsOf(store).locate(id, row).then((p) => {
          if (p >= 0 && revealSeen.current === seq) scrollTo(revealTopVar(p, pos.current.top, heightPx, rmRef.current.count, heightOf, rowPx));
        }, () => undefined);
      }
    }
  });

  const range = visibleRangeVar(p.top, heightPx, count, heightOf, OVERSCAN);

  // Fetch the rows on screen that are neither in the tail nor fetched yet, then those around them.
  useEffect(() => rm.want(range.first, range.end));
  // The view changed (filter set or cleared, view cleared or shown whole): keep the selected row, or the one looked at, in view.
  useEffect(() => {
    const c = viewToolsOf(store).carry(id, rm);
    if (!c) return;
    setSel(c.sel);
    if (c.reveal >= 0) scrollTo(revealTopVar(c.reveal, 0, heightPx, rm.count, heightOf, rowPx), true);
    else scrollTo(Number.MAX_SAFE_INTEGER, true);
  }, [rm.key]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => () => store.unwantRows(id), [store, id]);

  const search = store.search && store.search.sessionId === id ? store.search : null;
  const findRe = useMemo(() => {
    if (!search) return null;
    const re = compileFind(search);
    return re instanceof RegExp ? re : null;
  }, [search?.query, search?.regex, search?.caseSensitive]); // eslint-disable-line react-hooks/exhaustive-deps

  const selLo = sel ? Math.min(sel.anchor, sel.focus) : -1;
  const selHi = sel ? Math.max(sel.anchor, sel.focus) : -2;
  // Stable, so rows that did not change skip rendering.
  // The selection is in view positions; a row's margin gives its row number.
  const rmRef = useRef(rm);
  rmRef.current = rm;
  const onGutter = useCallback((row: number, extend: boolean) => {
    const index = rmRef.current.posOf(row);
    if (index < 0) return;
    setSel((s) => (extend && s ? { anchor: s.anchor, focus: index } : { anchor: index, focus: index }));
  }, []);

  /** Copies the text selected in the page if any, else the selected rows, else the current (found) row, else the last row. */
  const copy = async () => {
    const picked = window.getSelection();
    const pickedText = picked && !picked.isCollapsed ? picked.toString() : '';
    if (pickedText) {
      if (await store.run('Could not copy', () => writeClipboard(pickedText))) store.notify('info', 'Copied the selected text.');
      return;
    }
    const current = search?.current ?? -1;
    const rows = await store.run('Could not read rows', () =>
      sel ? viewToolsOf(store).rowsAt(id, selLo, selHi, COPY_LIMIT, COPY_CHARS)
        : current >= 0 ? store.fetchRows(id, current, current + 1, COPY_CHARS)
          : viewToolsOf(store).rowsAt(id, count - 1, count - 1, 1, COPY_CHARS));
    if (!rows || rows.length === 0) return;
    const text = rows.map((r) => (r.kind === 'sent' ? '› ' : '') + rowPlain(r)).join('\n');
    if (!await store.run('Could not copy', () => writeClipboard(text))) return;
    const all = sel ? selHi - selLo + 1 : 1;
    const what = sel ? `${rows.length.toLocaleString('en-US')} row${rows.length === 1 ? '' : 's'}` : current >= 0 ? 'the current row' : 'the last row';
    store.notify('info', `Copied ${what}${rows.length < all ? ` of ${all.toLocaleString('en-US')} (the most one copy takes)` : ''}.`);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const moves: Record<string, () => void> = {
      PageUp: () => scrollByPx(-pagePx, true),
      PageDown: () => scrollByPx(pagePx, true),
      Home: () => scrollTo(0, true),
      End: () => scrollTo(Number.MAX_SAFE_INTEGER, true),
      ArrowUp: () => scrollByPx(-rowPx, true),
      ArrowDown: () => scrollByPx(rowPx, true),
    };
    const move = moves[e.key] as (() => void) | undefined;
    if (move && e.shiftKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      // Shift+↑/↓ selects rows from the keyboard, as a click in the margin does with the mouse.
      e.preventDefault();
      const from = sel ? sel.focus : range.lastSeen;
      const to = Math.min(Math.max(0, from + (e.key === 'ArrowUp' ? -1 : 1)), count - 1);
      setSel((cur) => ({ anchor: cur ? cur.anchor : from, focus: to }));
      scrollTo(revealTopVar(to, pos.current.top, heightPx, count, heightOf, rowPx), true);
    } else if (move && !e.altKey && (!(e.ctrlKey || e.metaKey) || e.key === 'Home' || e.key === 'End')) {
      // Ctrl+Home and Ctrl+End as in an editor: to the first and last row.
      e.preventDefault();
      move();
    } else if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'c' && (window.getSelection()?.isCollapsed ?? true)) {
      e.preventDefault();
      void copy();
    } else if (e.key === 'Escape' && sel) {
      setSel(null);
    }
  };

  const timeText = timeTextFor(view.timeMode, session.startedAt);
  const rowsShown: (Row | undefined)[] = [];
  for (let i = range.first; i < range.end; i++) rowsShown.push(rm.get(i));
  // Rows drawn whole past FOLD_CHARS: those the person asked for, and the one holding the current find match.
  const whole = new Set<Row>();
  rowsShown.forEach((row) => {
    if (row && (search?.current === row.index || wholeRows.includes(row.index))) whole.add(row);
  });
  // A pass that re-draws after measuring wrapped rows runs in the same frame: its budget was spent.
  const measuring = measurePasses.current > 0;
  const plan = planDraw(rowsShown, onScreen.current, {
    parseMs: measuring ? 0 : PARSE_BUDGET_MS,
    newSpans: measuring ? 0 : NEW_SPANS_PER_FRAME,
    newChars: measuring ? 0 : NEW_CHARS_PER_FRAME,
    drawnChars: (row, v) => (whole.has(row) ? v.plain.length : Math.min(v.plain.length, FOLD_CHARS)),
  });
  const drawn = new Set<Row>();
  const marked = qaToolsOf(store).markedRows(id);
  const items = rowsShown.map((row, k) => {
    const i = range.first + k;
    const view = plan.views[k];
    if (!row || !view) return <div key={i} className="row loading" aria-hidden="true"><span className="gutter" /></div>;
    drawn.add(row);
    return (
      <TranscriptRow
        key={i}
        row={row}
        view={view}
        showTime={showTime}
        timeText={showTime ? timeText(row, k === 0 ? rm.get(i - 1) : rowsShown[k - 1]) : undefined}
        find={findRe}
        selected={i >= selLo && i <= selHi}
        current={search?.current === row.index}
        marked={marked.has(row.index)}
        whole={whole.has(row)}
        onGutter={onGutter}
        onWhole={onWhole}
      />
    );
  });
  deferred.current = plan.deferred;
  useLayoutEffect(() => {
    onScreen.current = drawn;
  });
  useEffect(() => viewToolsOf(store).noteShown(id, rm, range.first, range.end, selLo, selHi));
  // Wrapped rows: record the heights of the rows drawn, and draw again at once if any
  // differs from what was assumed, so the rows land where the position says.
  useLayoutEffect(() => {
    const box = rowsRef.current;
    if (!view.wrap || !box) return;
    let changed = false;
    const els = box.children;
    for (let k = 0; k < els.length; k++) {
      const el = els[k] as HTMLElement;
      if (!el.classList.contains('loading')) changed = heights.set(range.first + k, el.offsetHeight || rowPx) || changed;
    }
    if (changed && measurePasses.current < MEASURE_PASSES) {
      measurePasses.current++;
      redraw();
    } else {
      measurePasses.current = 0;
      // Still settling (rows that change height as they are drawn): carry on next frame.
      if (changed) scheduleRedraw();
    }
  });
  // A find result far along a long row: down to it within a wrapped row, else sideways.
  useLayoutEffect(() => {
    const el = viewportRef.current;
    if (!revealPending.current || !el) return;
    const mark = el.querySelector('.row.current mark');
    if (!mark) return;
    revealPending.current = false;
    const m = mark.getBoundingClientRect();
    const v = el.getBoundingClientRect();
    if (view.wrap) {
      if (m.top < v.top || m.bottom > v.bottom) scrollByPx(m.top - v.top - v.height / 3, true);
    } else if (m.left < v.left + 40 || m.right > v.right) {
      el.scrollLeft += m.left - v.left - v.width / 3;
    }
  });
  // Rows left for the next frame.
  useEffect(() => {
    if (deferred.current) scheduleRedraw();
  });

  const newLines = p.follow ? 0 : count - p.countWhenLeft;
  const domId = `transcript-${id}`;
  return (
    <div className="transcript">
      <div className="transcript-tools">
        <button
          type="button"
          // Keeps a text selection in the page, which is what this copies first.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => void copy()}
          disabled={count === 0}
          title="Copies the selected text, else the selected rows (click the margin left of them, Shift+click extends, or Shift+↑/↓), else the last row (Ctrl+C)"
        >
          Copy{sel ? ` ${(selHi - selLo + 1).toLocaleString('en-US')} row${selHi === selLo ? '' : 's'}` : ''}
        </button>
        <button type="button" onClick={() => void store.run('Export failed', () => store.bridge.exportSession(id, 'text'))}>Export text</button>
        <button type="button" onClick={() => void store.run('Export failed', () => store.bridge.exportSession(id, 'jsonl'))}>Export JSON Lines</button>
        <SaveAsTestButton id={id} />
        <label>
          <input type="checkbox" checked={showTime} onChange={(e) => onShowTime(e.target.checked)} /> Timestamps
        </label>
        <ViewControls showTime={showTime} />
        <span className="row-count">{count.toLocaleString('en-US')} rows</span>
      </div>
      <div className="transcript-body">
        <div
          id={domId}
          ref={viewportRef}
          className={`viewport ${view.wrap ? 'wrap' : 'hscroll'}`}
          style={{ fontSize: view.fontPx, '--row-px': `${rowPx}px` } as React.CSSProperties}
          role="log"
          aria-label="Transcript"
          tabIndex={0}
          onKeyDown={onKeyDown}
        >
          <div ref={rowsRef} className="rows" style={{ transform: `translateY(${-range.shiftPx}px)` }}>{items}</div>
          {count === 0 && <div className="empty">{rm.key === 'all' ? 'Nothing received yet.' : 'No rows in this view yet.'}</div>}
        </div>
        <Scrollbar
          controls={domId}
          count={count}
          viewRows={viewRows}
          top={p.top}
          trackPx={heightPx}
          onScroll={scrollTo}
          onPage={(dir) => scrollByPx(dir * pagePx, true)}
        />
        {newLines > 0 && (
          <button type="button" className="new-lines" onClick={() => scrollTo(Number.MAX_SAFE_INTEGER, true)}>
            {newLines.toLocaleString('en-US')} new line{newLines === 1 ? '' : 's'} ↓
          </button>
        )}
      </div>
    </div>
  );
}

/** What the time column says for a row: its clock time, the time since the session started, or since the row before. */
function timeTextFor(mode: 'absolute' | 'relative' | 'delta', startedAt: number) {
  return (row: Row, prev: Row | undefined): string | undefined => {
    if (mode === 'relative') return formatDuration(row.time - startedAt, true);
    if (mode === 'delta') return prev ? formatDuration(row.time - prev.time, true) : row.index === 0 ? formatDuration(0, true) : '';
    return undefined;
  };
}

/** Puts text on the clipboard; true once done (a failure throws). */
async function writeClipboard(text: string): Promise<true> {
  if (navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return true;
  }
  // Pages served over plain http to another host have no async clipboard.
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.style.position = 'fixed';
  ta.style.opacity = '0';
  document.body.appendChild(ta);
  ta.select();
  document.execCommand('copy');
  ta.remove();
  return true;
}
