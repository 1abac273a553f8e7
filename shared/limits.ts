/** Defaults and limits shared by the core and every face. */
export const DEFAULT_PORT = 50008;
export const DEFAULT_HOST = 'localhost';

export const LIMITS = {
  /** Connections served at once; one more is refused with a message. */
  maxConnections: 256,
  /** A line longer than this many bytes continues on a new row (nothing is dropped). */
  maxLineBytes: 64 * 1024,
  /** At most one update per session per this many milliseconds. */
  updateIntervalMs: 16,
  /** Rows carried by each `rows` event (the tail of the session). */
  tailRows: 200,
  /** Bytes of row text a `rows` event carries at most (a face asks for the rest). */
  tailBytes: 64 * 1024,
  /** Rows one `session:rows` request may ask for. */
  maxRowsPerRequest: 5_000,
  /** A live session that received nothing for this long gets the buffering hint. */
  quietHintMs: 3_000,
} as const;
