/** Data shapes that cross between the core and the faces (window, browser, terminal). */

export type SessionState = 'live' | 'eof' | 'closed';
/** out: script stdout (or the plain socket); err: script stderr; sent: typed by the person; note: said by Porthole; auto: sent by an auto-response rule. */
export type RowKind = 'out' | 'err' | 'sent' | 'note' | 'auto';
export type LineEnding = 'lf' | 'crlf' | 'none';
/** report: the QA report (Markdown: the program, the dialog's steps, the bookmarked rows with their context). */
export type ExportFormat = 'text' | 'jsonl' | 'report';

export interface Row {
  index: number;
  kind: RowKind;
  /** Decoded text without its line ending, exactly as received otherwise (ANSI and control characters included). */
  text: string;
  /** Epoch milliseconds of the row's first byte. */
  time: number;
  /** This row continues the previous row of the same stream (a split over-long line, or a line interrupted by another row). */
  cont: boolean;
  /** No line ending yet: an unfinished line (a prompt). Only the last row of a session can be open. */
  open: boolean;
  /** A sent row the script never read: it had already exited (the connection was reset). */
  undelivered?: boolean;
}

export type ListenerSpec =
  | { host?: string; port?: number }
  | { path: string };

export interface ListenerInfo {
  id: number;
  kind: 'tcp' | 'unix';
  host?: string;
  /** The actual port (port 0 requests are reported with the port picked). */
  port?: number;
  path?: string;
  /** Every bound address, for display: "127.0.0.1:50008", "[::1]:50008", "/tmp/porthole.sock". */
  addresses: string[];
  state: 'listening' | 'error' | 'closed';
  /** Why it is not listening, and what to do. */
  error?: string;
  /** Bound beyond loopback: the window shows a warning. */
  exposed: boolean;
}

export interface ConnectSpec {
  host: string;
  port: number;
  /** Milliseconds between attempts (default 500). */
  retryMs?: number;
  /** Give up after this many milliseconds (default 0: never). */
  giveUpMs?: number;
  /** When the connection ends, connect again (with backoff) and go on in the same session. */
  autoReconnect?: boolean;
}

/** A connect-out session connecting again to its script (`session:reconnect`). */
export interface ReconnectInfo {
  /** HOST:PORT the session connects to. */
  target: string;
  /** Connect again on its own whenever the connection ends. */
  auto: boolean;
  /** 'trying': attempts under way, the next at `nextAt`. */
  state: 'idle' | 'trying';
  attempts: number;
  nextAt?: number;
  /** Why the last attempt failed. */
  error?: string;
}

export interface ConnectInfo {
  id: number;
  host: string;
  port: number;
  state: 'trying' | 'connected' | 'failed' | 'cancelled';
  attempts: number;
  error?: string;
  sessionId?: number;
}

export interface ExitStatus {
  code: number | null;
  signal: string | null;
}

export interface SessionInfo {
  id: number;
  name: string;
  /** Who is on the other end: "127.0.0.1:53122", "unix socket", "127.0.0.1:9000 (connected out)". */
  peer: string;
  origin: 'accepted' | 'connected' | 'past';
  listenerId?: number;
  state: SessionState;
  /** Reopened from disk after a restart: nothing can be sent. */
  readOnly: boolean;
  encoding: string;
  rows: number;
  bytesIn: number;
  bytesOut: number;
  linesIn: number;
  linesOut: number;
  /** Bytes accepted for sending that the script has not read yet. */
  queuedBytes: number;
  startedAt: number;
  endedAt?: number;
  /** Last time bytes arrived from the script. */
  lastInputAt?: number;
  /** Porthole has half-closed its side (Send EOF). */
  eofSent: boolean;
  /** The program's own name (its hello, or the OS's account of it), whatever the person renamed the session to: sessions are grouped by it. */
  program?: string;
  /** Connect-out sessions: connecting again to the script. */
  reconnect?: ReconnectInfo;
  /** Set when the client introduced itself (porthole run, the Python module). */
  pid?: number;
  command?: string;
  exit?: ExitStatus;
  /** The program runs on a pseudo-terminal (`porthole run --pty`): stdout and stderr are one stream. */
  pty?: boolean;
  /** The directory `porthole run` started the program in. */
  cwd?: string;
  /** Accepted TCP sessions: the address the script connected to, e.g. "127.0.0.1:50008". */
  local?: string;
  /** The program's terminal does not echo what is typed (a password prompt): replies are recorded masked. */
  echoOff?: boolean;
  /**
   * The session's program can be started again ("Run again"): 'ready' when Porthole
   * started it (Run…), 'confirm' when only the program's own hello says what it was, so
   * the person is shown the command and folder before it runs.
   */
  runAgain?: 'ready' | 'confirm';
  /** Key of the on-disk transcript (for past:open). */
  key: string;
  /** Replies found not delivered (the script had exited before reading them). */
  undeliveredReplies: number;
  /** Set while the transcript cannot be written (disk full, no permission…): why, and from which byte. */
  transcriptError?: string;
}

export interface PastSessionInfo {
  key: string;
  name: string;
  peer: string;
  startedAt: number;
  endedAt?: number;
  bytesIn: number;
  bytesOut: number;
}

export interface RowsResult {
  id: number;
  /** Total rows in the session now. */
  count: number;
  from: number;
  rows: Row[];
}

export interface SearchQuery {
  id: number;
  query: string;
  regex: boolean;
  caseSensitive: boolean;
}

export interface SearchSeekResult {
  /** Row index of the match found, or -1 for none. */
  row: number;
  /** 1-based number of the first match on that row among all matches. */
  ordinal: number;
}

export interface AppInfo {
  name: string;
  version: string;
  face: 'electron' | 'browser' | 'terminal';
  dataDir: string;
  platform: string;
  /** Whether this face may start programs (Run…, Run again, Replay), and why not. */
  run: RunAbility;
}

export interface RunAbility {
  allowed: boolean;
  /** Why running programs is off, for the person (e.g. browser mode without `--allow-run`). */
  why?: string;
  /** The folder programs start in when none is given. */
  home: string;
  /** A pseudo-terminal is available; otherwise why not. */
  pty: true | string;
}

/** A program to start as a new session (the window's Run…). */
export interface RunSpec {
  /** The command line as typed: words split as a shell would (quotes, backslashes), but no shell runs it. */
  command: string;
  /** Absolute folder to start in (default: RunAbility.home). */
  cwd?: string;
  /** On a pseudo-terminal (as `porthole run --pty`). */
  pty?: boolean;
  encoding?: string;
  /** The terminal's size for a pty (default 80×24). */
  cols?: number;
  rows?: number;
}

/** One step of a dialog replayed in the window. */
export interface ReplayStepView {
  label: string;
  status: 'waiting' | 'running' | 'pass' | 'fail' | 'skip';
  /** The expected lines as written (patterns as /re/, masks as text). */
  expect: string[];
  /** The reply the step sends once its output is met. */
  send?: string;
  /** One line: what went wrong (or why skipped). */
  message?: string;
  /** Expected against got, line by line, on failure. */
  diff?: string[];
}

/** A dialog file being replayed in the window, as a new session. */
export interface ReplayInfo {
  replayId: number;
  /** The session the program runs in (null until it starts, or if it could not). */
  sessionId: number | null;
  /** The dialog file's name. */
  file: string;
  state: 'starting' | 'running' | 'pass' | 'fail' | 'skip' | 'stopped';
  steps: ReplayStepView[];
  /** Why it failed to start, was skipped or stopped. */
  message?: string;
}

export type NoticeLevel = 'info' | 'warning' | 'error';

/** Pushed from the core to the faces, batched. */
export type PortholeEvent =
  | { type: 'listeners'; listeners: ListenerInfo[] }
  | { type: 'connects'; connects: ConnectInfo[] }
  | { type: 'session'; session: SessionInfo }
  /** The session left the list (`session:remove`); its transcript is among the past sessions. */
  | { type: 'removed'; id: number }
  /** The session has `count` rows; rows from `changedFrom` on are new or changed since the last event; `tail` is its last rows. */
  | { type: 'rows'; id: number; count: number; changedFrom: number; tail: Row[] }
  | { type: 'search'; searchId: number; id: number; matches: number; rows: number; done: boolean; error?: string }
  /** A filter's progress: `matches` rows kept so far; `done` once the whole session was scanned. */
  | { type: 'filter'; filterId: number; id: number; matches: number; done: boolean; error?: string }
  | { type: 'notice'; level: NoticeLevel; message: string }
  /** The auto-response rules changed (added, stopped, fired). */
  | { type: 'respond'; rules: import('./respond.ts').RespondRule[] }
  /** A session's bookmarks changed. */
  | { type: 'bookmarks'; id: number; bookmarks: import('./respond.ts').Bookmark[] }
  /** A dialog replayed in the window moved on (a step met or missed, the end). */
  | { type: 'replay'; replay: ReplayInfo };
