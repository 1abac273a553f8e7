/** How the plot panel writes values, rows and times for a person. */
import type { PlotXMode } from '../../../shared/plot.ts';

/** A value with up to 6 significant digits, exponents for the very large and small. */
export function formatValue(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e9 || a < 1e-4) return v.toExponential(3).replace(/\.?0+e/, 'e');
  return Number(v.toPrecision(6)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** Local time of day with milliseconds: 14:03:07.250. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** Rows are numbered from 1 for people (the transcript's first row is row 1). */
export function rowLabel(row: number): string {
  return `row ${(row + 1).toLocaleString('en-US')}`;
}

export function formatPoint(label: string, y: number, row: number, time: number | null): string {
  return `${label} ${formatValue(y)} · ${rowLabel(row)}${time === null ? '' : ` · ${formatClock(time)}`}`;
}

/** The x range shown, as words: "rows 1,001–2,000" or "14:03:07.250–14:05:00.000". */
export function formatRange(mode: PlotXMode, [from, to]: [number, number]): string {
  if (mode === 'row') {
    const lo = Math.max(1, Math.ceil(from) + 1);
    const hi = Math.max(lo, Math.floor(to) + 1);
    return `rows ${lo.toLocaleString('en-US')}–${hi.toLocaleString('en-US')}`;
  }
  return `${formatClock(from)}–${formatClock(to)}`;
}
