import { memo } from 'react';
import type { CSSProperties } from 'react';
import type { Span } from '../../../shared/display.ts';
import type { Row } from '../../../shared/types.ts';
import { formatTime } from '../model/format.ts';
import { findRanges, markSpans } from '../model/highlight.ts';
import { cssColor, foldedView, type RowView } from '../model/row-view.ts';

// '↪' marks a row that continues the one above (an over-long line split by the core).
const GUTTER: Record<Row['kind'], string> = { out: ' ', err: '!', sent: '›', note: '•', auto: '»' };
/** What a screen reader says before a row, in place of the gutter symbol; the script's plain output needs none. */
const SPOKEN: Record<Row['kind'], string> = { out: '', err: 'stderr: ', sent: 'you typed: ', note: 'note: ', auto: 'automatic reply: ' };

interface Props {
  row: Row;
  /** The row as drawn (rowView), computed by the transcript within its budget. */
  view: RowView;
  showTime: boolean;
  /** What the time column says, when not the row's clock time. */
  timeText?: string;
  find: RegExp | null;
  selected: boolean;
  current: boolean;
  /** Bookmarked (Bookmarks.tsx). */
  marked?: boolean;
  /** Drawn whole even when longer than FOLD_CHARS (the person asked, or it holds the current find match). */
  whole?: boolean;
  onGutter(index: number, extend: boolean): void;
  onWhole?(index: number): void;
}

/** One transcript row. Script text only ever becomes text nodes. */
export const TranscriptRow = memo(function TranscriptRow({ row, view: full, showTime, timeText, find, selected, current, marked, whole, onGutter, onWhole }: Props) {
  const view = whole ? full : foldedView(full);
  const ranges = find ? findRanges(view.plain, find) : [];
  const segments = markSpans(view.spans, ranges);
  const undelivered = row.kind === 'sent' && row.undelivered === true;
  const cls = `row ${row.kind}${row.cont ? ' cont' : ''}${row.open ? ' open' : ''}${undelivered ? ' undelivered' : ''}${selected ? ' selected' : ''}${current ? ' current' : ''}${marked ? ' bookmarked' : ''}`;
  return (
    <div className={cls} data-index={row.index} title={view.plain.length > 80 ? tooltip(view.plain) : undefined}>
      <span
        className="gutter"
        role="button"
        aria-label={`Select row ${(row.index + 1).toLocaleString('en-US')}`}
        title="Select this row (Shift+click extends)"
        onMouseDown={(e) => {
          e.preventDefault();
          onGutter(row.index, e.shiftKey);
        }}
      >
        <span aria-hidden="true">{row.cont && row.kind !== 'sent' && row.kind !== 'auto' ? '↪' : GUTTER[row.kind]}</span>
      </span>
      {marked && <span className="visually-hidden">bookmarked: </span>}
      {SPOKEN[row.kind] && <span className="visually-hidden kind">{SPOKEN[row.kind]}</span>}
      {showTime && <span className="time">{timeText ?? formatTime(row.time)}</span>}
      <span className="text">
        {segments.map((seg, k) => {
          const style = spanStyle(seg.span);
          return seg.mark
            ? <mark key={k} style={style}>{seg.text}</mark>
            : <span key={k} style={style}>{seg.text}</span>;
        })}
      </span>
      {view !== full && (
        <button
          type="button"
          className="whole-row"
          aria-label="Show the whole row"
          title={`Show the whole row (${full.plain.length.toLocaleString('en-US')} characters)`}
          onClick={() => onWhole?.(row.index)}
        >
          …{(full.plain.length - view.plain.length).toLocaleString('en-US')} more characters
        </button>
      )}
      {undelivered && <span className="undelivered-mark" title="The script had exited before it could read this reply.">not delivered</span>}
    </div>
  );
});

/** A long row's text as a tooltip: enough to read, never tens of kilobytes. */
function tooltip(plain: string): string {
  return plain.length > 2_000 ? `${plain.slice(0, 2_000)}…` : plain;
}

// One style object per span, built once: the spans of a row's view are themselves cached.
const styles = new WeakMap<Span, CSSProperties | null>();

/** Inline style of a span, holding only the properties it sets (React applies each key it is given). */
function spanStyle(s: Span): CSSProperties | undefined {
  let style = styles.get(s);
  if (style === undefined) {
    style = buildStyle(s);
    styles.set(s, style);
  }
  return style ?? undefined;
}

function buildStyle(s: Span): CSSProperties | null {
  if (s.fg === undefined && s.bg === undefined && !s.bold && !s.dim && !s.italic && !s.underline && !s.inverse && !s.strike) return null;
  let fg = cssColor(s.fg);
  let bg = cssColor(s.bg);
  if (s.inverse) [fg, bg] = [bg ?? 'var(--bg)', fg ?? 'var(--fg)'];
  const style: CSSProperties = {};
  if (fg) style.color = fg;
  if (bg) style.backgroundColor = bg;
  if (s.bold) style.fontWeight = 'bold';
  if (s.dim) style.opacity = 0.65;
  if (s.italic) style.fontStyle = 'italic';
  if (s.underline || s.strike) style.textDecoration = [s.underline ? 'underline' : '', s.strike ? 'line-through' : ''].filter(Boolean).join(' ');
  return style;
}
