/** The plot's data shapes: series read from a session's rows, decimated for drawing. */

export type PlotXMode = 'time' | 'row';

export interface PlotSeriesInfo {
  name: string;
  /** Points read so far. */
  points: number;
}

export interface PlotSeriesResult {
  id: number;
  /** Rows in the session now. */
  count: number;
  /** Rows read for numbers so far (the plot is complete when it equals `count`, an unfinished last row aside). */
  scanned: number;
  series: PlotSeriesInfo[];
  /** The person's pattern with named groups, or '' for automatic reading. */
  pattern: string;
  /** Set when a limit stopped the reading: what was kept, and why. */
  limited?: string;
}

export interface PlotDataArgs {
  id: number;
  /** Series to draw (names from `series`); unknown names are ignored. */
  series: string[];
  xMode: PlotXMode;
  /** The x range (epoch milliseconds for 'time', row numbers for 'row'); absent: from the first point, to the last. */
  from?: number;
  to?: number;
  /** Pixel columns of the plot: each keeps its smallest and largest point. */
  width: number;
}

export interface PlotLine {
  name: string;
  /** Epoch milliseconds ('time') or row numbers ('row'). */
  x: number[];
  y: number[];
  /** The row each point came from. */
  row: number[];
  /** The series' newest point (its current value), wherever the range is. */
  last: { x: number; y: number; row: number };
}

export interface PlotDataResult extends PlotSeriesResult {
  xMode: PlotXMode;
  /** The range drawn. */
  from: number;
  to: number;
  /** First and last x of the series asked for (null when they hold no point). */
  xMin: number | null;
  xMax: number | null;
  lines: PlotLine[];
}

export interface PlotCsvArgs {
  id: number;
  /** One column per entry: a series name, or '' for an empty column (a column of another session). */
  columns: string[];
  /** The first row to write. */
  fromRow: number;
}

export interface PlotCsvResult {
  /** Lines `session,row,time,values…`, each ending in a newline; no header. */
  text: string;
  /** The row to continue from, or -1 when every row has been written. */
  next: number;
}

/** Limits the commands are checked against. */
export const PLOT_LIMITS = {
  maxSeriesPerRequest: 64,
  maxNameChars: 256,
  maxWidth: 8192,
  maxPatternChars: 1024,
} as const;
