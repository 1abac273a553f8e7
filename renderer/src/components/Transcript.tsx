import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { Row, SessionInfo } from '../../../shared/types.ts';
import { compileFind } from '../model/highlight.ts';
import { planDraw } from '../model/draw-budget.ts';
import { rowPlain } from '../model/row-view.ts';
import { atTail, clampTop, maxTop, revealTop, visibleRange, wheelRows } from '../model/scroll-math.ts';
import { useStore } from '../store/store-context.ts';
import { Scrollbar } from './Scrollbar.tsx';
import { TranscriptRow } from './TranscriptRow.tsx';

/** Must match `.row { height }` in app.css: every row is one line of this height. */
export const ROW_PX = 20;
const OVERSCAN = 4;
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
  const win = store.windowOf(id);
  const count = win.count;
  const viewportRef = useRef<HTMLDivElement>(null);
  const [heightPx, setHeightPx] = useState(400);
  const [, redraw] = useReducer((x: number) => x + 1, 0);
  const pos = useRef({ top: 0, follow: true, countWhenLeft: 0 });
  const frame = useRef(0);
  const [sel, setSel] = useState<{ anchor: number; focus: number } | null>(null);
  const revealSeen = useRef(store.revealSeq);
  /** Rows in the page after the last render, and whether some rows still wait for their turn. */
  const onScreen = useRef(new Set<Row>());
  const deferred = useRef(false);

  const viewRows = Math.max(1, heightPx / ROW_PX);
  const p = pos.current;
  if (p.follow) p.top = maxTop(count, viewRows);
  else p.top = clampTop(p.top, count, viewRows);
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
    const c = store.windowOf(id).count;
    cur.top = clampTop(top, c, viewRows);
    const wasFollowing = cur.follow;
    cur.follow = atTail(cur.top, c, viewRows);
    if (wasFollowing && !cur.follow) cur.countWhenLeft = c;
    if (immediate) redraw();
    else scheduleRedraw();
  };
  const scrollBy = (rows: number, immediate = false) => scrollTo(pos.current.top + rows, immediate);

  useLayoutEffect(() => {
    const el = viewportRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeightPx(el.clientHeight || 400));
    ro.observe(el);
    setHeightPx(el.clientHeight || 400);
    return () => ro.disconnect();
  }, []);

  // Wheel: a native non-passive listener, since the scrolling is ours.
  useEffect(() => {
    const el = viewportRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      if (e.ctrlKey) return;
      e.preventDefault();
      scrollBy(wheelRows(e.deltaY, e.deltaMode, ROW_PX, viewRows));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  });

  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  // A find result to show.
  useEffect(() => {
    if (store.revealSeq !== revealSeen.current) {
      revealSeen.current = store.revealSeq;
      scrollTo(revealTop(store.revealRow, pos.current.top, count, viewRows));
    }
  });

  const range = visibleRange(p.top, viewRows, count, ROW_PX, OVERSCAN);

  // Fetch the rows on screen that are neither in the tail nor fetched yet, then those around them.
  useEffect(() => store.wantRows(id, range.first, range.end));
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
  const onGutter = useCallback((index: number, extend: boolean) => {
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
    const [lo, hi] = sel ? [selLo, selHi] : current >= 0 && current < count ? [current, current] : [count - 1, count - 1];
    if (lo < 0) return;
    const to = Math.min(hi + 1, lo + COPY_LIMIT);
    const rows = await store.run('Could not read rows', () => store.fetchRows(id, lo, to, COPY_CHARS));
    if (!rows) return;
    const text = rows.map((r) => (r.kind === 'sent' ? '› ' : '') + rowPlain(r)).join('\n');
    if (!await store.run('Could not copy', () => writeClipboard(text))) return;
    const all = hi - lo + 1;
    const what = sel ? `${rows.length.toLocaleString('en-US')} row${rows.length === 1 ? '' : 's'}` : current >= 0 ? 'the current row' : 'the last row';
    store.notify('info', `Copied ${what}${rows.length < all ? ` of ${all.toLocaleString('en-US')} (the most one copy takes)` : ''}.`);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const page = Math.max(1, Math.floor(viewRows) - 1);
    const moves: Record<string, () => void> = {
      PageUp: () => scrollBy(-page, true),
      PageDown: () => scrollBy(page, true),
      Home: () => scrollTo(0, true),
      End: () => scrollTo(Number.MAX_SAFE_INTEGER, true),
      ArrowUp: () => scrollBy(-1, true),
      ArrowDown: () => scrollBy(1, true),
    };
    const move = moves[e.key] as (() => void) | undefined;
    if (move && e.shiftKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      // Shift+↑/↓ selects rows from the keyboard, as a click in the margin does with the mouse.
      e.preventDefault();
      const from = sel ? sel.focus : Math.floor(pos.current.top + viewRows) - 1;
      const to = Math.min(Math.max(0, from + (e.key === 'ArrowUp' ? -1 : 1)), count - 1);
      setSel((cur) => ({ anchor: cur ? cur.anchor : from, focus: to }));
      scrollTo(revealTop(to, pos.current.top, count, viewRows), true);
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

  const rowsShown: (Row | undefined)[] = [];
  for (let i = range.first; i < range.end; i++) rowsShown.push(win.get(i));
  const plan = planDraw(rowsShown, onScreen.current, { parseMs: PARSE_BUDGET_MS, newSpans: NEW_SPANS_PER_FRAME });
  const drawn = new Set<Row>();
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
        find={findRe}
        selected={i >= selLo && i <= selHi}
        current={search?.current === i}
        onGutter={onGutter}
      />
    );
  });
  deferred.current = plan.deferred;
  useLayoutEffect(() => {
    onScreen.current = drawn;
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
        <label>
          <input type="checkbox" checked={showTime} onChange={(e) => onShowTime(e.target.checked)} /> Timestamps
        </label>
        <span className="row-count">{count.toLocaleString('en-US')} rows</span>
      </div>
      <div className="transcript-body">
        <div
          id={domId}
          ref={viewportRef}
          className="viewport"
          role="log"
          aria-label="Transcript"
          tabIndex={0}
          onKeyDown={onKeyDown}
        >
          <div className="rows" style={{ transform: `translateY(${-range.shiftPx}px)` }}>{items}</div>
          {count === 0 && <div className="empty">Nothing received yet.</div>}
        </div>
        <Scrollbar
          controls={domId}
          count={count}
          viewRows={viewRows}
          top={p.top}
          trackPx={heightPx}
          onScroll={scrollTo}
          onPage={(dir) => scrollBy(dir * Math.max(1, Math.floor(viewRows) - 1), true)}
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
