/**
 * The session hello: an optional preamble at the very start of a connection by which
 * `porthole run` and the Python module name the program and keep stdout and stderr
 * apart. A connection whose first bytes are not exactly HELLO_MAGIC is plain text.
 * Specified in docs/protocol.md.
 */

/** Starts with NUL so no text client can send it by accident. */
export const HELLO_MAGIC = '\u0000PORTHOLE/';
export const HELLO_VERSION = 1;
/** The whole hello line (magic, version, space, JSON, "\n") may not be longer than this. */
export const HELLO_MAX_BYTES = 16 * 1024;

export interface Hello {
  /** Display name of the session, e.g. "app.py". */
  name?: string;
  pid?: number;
  /** The command line, for display. */
  command?: string;
  /** After the hello, the client sends frames (below) instead of plain bytes. */
  framed?: boolean;
  /** Encoding of the program's output, e.g. "utf-8". */
  encoding?: string;
  /** The directory the program was started in, so the session can be saved as a test that runs it again. */
  cwd?: string;
  /** The program runs on a pseudo-terminal (`porthole run --pty`): one output stream, echoed input. */
  pty?: boolean;
}

/**
 * Frame types (client → Porthole, when framed): 1 byte type, 4 bytes big-endian
 * payload length, payload. Porthole → client stays plain bytes (the program's stdin);
 * Porthole's Send EOF half-closes the connection.
 */
export const FRAME = {
  stdout: 1,
  stderr: 2,
  /** Payload: JSON ExitStatus {code, signal}. */
  exit: 3,
  /** Payload: JSON {echo: boolean}: the program's terminal echoes what is typed, or not (a password prompt). */
  echo: 4,
} as const;
export const FRAME_HEADER_BYTES = 5;
export const FRAME_MAX_PAYLOAD = 1024 * 1024;
