/** Shapes of the transcript's view tools: the core's filter over a whole session, and rows' raw bytes. */
import type { RowKind } from './types.ts';

export interface FilterQuery {
  id: number;
  /** '' keeps every row of the chosen kinds. */
  query: string;
  regex: boolean;
  caseSensitive: boolean;
  /** Keep the rows that do not match. */
  invert: boolean;
  /** Only rows of these kinds; empty: every kind. */
  kinds: RowKind[];
  /** Rows before this one are left out (a cleared view starts there). */
  from?: number;
}

export interface FilterRowsResult {
  filterId: number;
  /** Rows kept so far (the whole session once `done`, and every row since). */
  matches: number;
  done: boolean;
  /** Positions [from, from + rows.length) of the filtered view: their row numbers, in order. */
  from: number;
  rows: number[];
}

export interface RowBytesPart {
  row: number;
  kind: RowKind;
  /** Offset of the row's first byte in its stream (out, err or sent); a note has none. */
  offset: number;
  /** Bytes of `data` this row holds, line ending included (0 for a note, whose text is `note`). */
  length: number;
  note?: string;
  /** Bytes the transcript could not record: not in `data`. */
  lost?: boolean;
}

export interface RowBytesResult {
  id: number;
  from: number;
  /** The row after the last one included; below the asked `to` when `more`. */
  to: number;
  more: boolean;
  parts: RowBytesPart[];
  /** The rows' exact bytes, one after another, in base64. */
  data: string;
}

export const VIEW_TOOL_LIMITS = {
  /** Row numbers one `filter:rows` reply carries at most. */
  maxFilterRows: 10_000,
  /** Rows a filter keeps at most (4 bytes each). */
  maxFilterMatches: 64 * 1024 * 1024,
  /** Bytes one `session:bytes` reply carries at most (a longer row still comes whole). */
  maxBytesPerRequest: 256 * 1024,
  maxBytesRows: 10_000,
} as const;
