/** Past sessions kept unless told otherwise (--keep-sessions, --keep-size): generous, but not without end. */
export const DEFAULT_RETENTION = { maxSessions: 5_000, maxBytes: 20 * 2 ** 30 };
