import { memo } from 'react';
import type { Row } from '../../../shared/types.ts';
import { findRanges, markSpans } from '../model/highlight.ts';
import { formatTime } from '../model/format.ts';
import { cssColor, rowView } from './row-view.ts';
import type { CSSProperties } from 'react';
import type { Span } from '../../../shared/display.ts';

// '↪' marks a row that continues the one above (an over-long line split by the core).
const GUTTER: Record<Row['kind'], string> = { out: ' ', err: '!', sent: '›', note: '•' };

interface Props {
  row: Row;
  showTime: boolean;
  find: RegExp | null;
  selected: boolean;
  current: boolean;
  onGutter(index: number, extend: boolean): void;
}

/** One transcript row. Script text only ever becomes text nodes. */
export const TranscriptRow = memo(function TranscriptRow({ row, showTime, find, selected, current, onGutter }: Props) {
  const view = rowView(row);
  const ranges = find ? findRanges(view.plain, find) : [];
  const segments = markSpans(view.spans, ranges);
  const cls = `row ${row.kind}${row.cont ? ' cont' : ''}${row.open ? ' open' : ''}${selected ? ' selected' : ''}${current ? ' current' : ''}`;
  return (
    <div className={cls} data-index={row.index} title={view.plain.length > 80 ? view.plain : undefined}>
      <span
        className="gutter"
        aria-hidden="true"
        onMouseDown={(e) => {
          e.preventDefault();
          onGutter(row.index, e.shiftKey);
        }}
      >
        {row.cont && row.kind !== 'sent' ? '↪' : GUTTER[row.kind]}
      </span>
      {showTime && <span className="time">{formatTime(row.time)}</span>}
      <span className="text">
        {segments.map((seg, k) => {
          const style = spanStyle(seg.span);
          return seg.mark
            ? <mark key={k} style={style}>{seg.text}</mark>
            : <span key={k} style={style}>{seg.text}</span>;
        })}
      </span>
    </div>
  );
});

function spanStyle(s: Span): CSSProperties | undefined {
  if (s.fg === undefined && s.bg === undefined && !s.bold && !s.dim && !s.italic && !s.underline && !s.inverse && !s.strike) return undefined;
  let fg = cssColor(s.fg);
  let bg = cssColor(s.bg);
  if (s.inverse) [fg, bg] = [bg ?? 'var(--bg)', fg ?? 'var(--fg)'];
  const deco = [s.underline ? 'underline' : '', s.strike ? 'line-through' : ''].filter(Boolean).join(' ');
  return {
    color: fg,
    backgroundColor: bg,
    fontWeight: s.bold ? 'bold' : undefined,
    opacity: s.dim ? 0.65 : undefined,
    fontStyle: s.italic ? 'italic' : undefined,
    textDecoration: deco || undefined,
  };
}
