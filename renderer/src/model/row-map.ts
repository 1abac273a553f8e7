import type { Row } from '../../../shared/types.ts';

/**
 * What a transcript view shows: `count` positions, each one row of the session. The
 * whole session is the identity; a cleared view starts further on; a filter's
 * positions are the rows it kept.
 */
export interface RowMap {
  /** Changes whenever positions start meaning other rows. */
  readonly key: string;
  readonly count: number;
  /** The row at a position, −1 while not known yet. */
  rowAt(pos: number): number;
  /** The position showing a row (or the next one shown), −1 when not known. */
  posOf(row: number): number;
  /** The row at a position, once held. */
  get(pos: number): Row | undefined;
  /** The transcript shows positions [first, end): fetch what is missing. */
  want(first: number, end: number): void;
}

interface Rows {
  readonly count: number;
  get(i: number): Row | undefined;
}

export function identityMap(win: Rows, want: (from: number, to: number) => void): RowMap {
  return offsetMap('all', 0, win, want);
}

export function offsetMap(key: string, from: number, win: Rows, want: (from: number, to: number) => void): RowMap {
  return {
    key,
    count: Math.max(0, win.count - from),
    rowAt: (pos) => (pos >= 0 && pos < win.count - from ? from + pos : -1),
    posOf: (row) => (row >= from ? row - from : -1),
    get: (pos) => win.get(from + pos),
    want: (first, end) => want(from + first, from + end),
  };
}
