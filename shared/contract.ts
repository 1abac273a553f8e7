/**
 * Every command a face can send to the core: its arguments and result (`Commands`),
 * and the command table (`COMMANDS`), which holds the shape each command's arguments
 * are checked against. Names, argument checks (validate.ts), the preload's `invoke`
 * and both bridges all come from the table, and the compiler holds the table to
 * `Commands`: a command missing from it, or a shape that does not fit its arguments,
 * does not compile. Adding a command: its line here, its table entry, its handler in
 * the core's service.
 *
 * Channel names are namespaced; the Electron IPC and the browser-mode WebSocket
 * carry exactly these.
 */
import { nat, oneOf, opt, port, req, str, bool, list, type ArgsShape, type Check } from './arg-checks.ts';
import { PLOT_LIMITS, type PlotCsvArgs, type PlotCsvResult, type PlotDataArgs, type PlotDataResult, type PlotSeriesResult } from './plot.ts';
import type { FilterQuery, FilterRowsResult, RowBytesResult } from './view-tools.ts';
import type { DialogProposal } from './dialog.ts';
import { RESPOND_LIMITS, BOOKMARK_LIMITS, type Bookmark, type RespondRule, type RespondScope, type RespondSpec } from './respond.ts';
import type {
  AppInfo, ConnectInfo, ConnectSpec, ExportFormat, LineEnding, ListenerInfo, ListenerSpec, PastSessionInfo,
  PortholeEvent, ReplayInfo, RowsResult, RunSpec, SearchQuery, SearchSeekResult, SessionInfo,
} from './types';

export interface Commands {
  'app:info': { args: null; result: AppInfo };
  'listener:list': { args: null; result: ListenerInfo[] };
  'listener:add': { args: ListenerSpec; result: ListenerInfo };
  'listener:remove': { args: { id: number }; result: null };
  'connect:list': { args: null; result: ConnectInfo[] };
  'connect:start': { args: ConnectSpec; result: ConnectInfo };
  'connect:cancel': { args: { id: number }; result: null };
  'session:list': { args: null; result: SessionInfo[] };
  /** Rows [from, to) of a session; `to` is clamped to the row count. */
  'session:rows': { args: { id: number; from: number; to: number }; result: RowsResult };
  'session:send': { args: { id: number; text: string; ending: LineEnding }; result: { queuedBytes: number } };
  'session:eof': { args: { id: number }; result: null };
  'session:close': { args: { id: number }; result: null };
  'session:encoding': { args: { id: number; encoding: string }; result: SessionInfo };
  /** Gives a session the person's name (kept for the past sessions too). */
  'session:rename': { args: { id: number; name: string }; result: SessionInfo };
  /** A connect-out session connects again (continuing in the same session): now, or `auto` on/off, or `stop` trying. */
  'session:reconnect': { args: { id: number; auto?: boolean; stop?: boolean }; result: SessionInfo };
  /** Takes a closed session off the list; its transcript stays, among the past sessions. */
  'session:remove': { args: { id: number }; result: null };
  'past:list': { args: null; result: PastSessionInfo[] };
  'past:open': { args: { key: string }; result: SessionInfo };
  /** Deletes a past session's transcript from disk (not one that is still open). */
  'past:delete': { args: { key: string }; result: null };
  'search:start': { args: SearchQuery; result: { searchId: number } };
  /** The next (dir 1) or previous (dir -1) matching row after/before `row`, wrapping around. */
  'search:seek': { args: { searchId: number; row: number; dir: 1 | -1 }; result: SearchSeekResult };
  'search:cancel': { args: { searchId: number }; result: null };
  /** Starts a filter over the whole session (rows arriving later are tested too); progress comes as `filter` events. */
  'filter:start': { args: FilterQuery; result: { filterId: number } };
  /** Positions [from, to) of a filtered view: their row numbers. */
  'filter:rows': { args: { filterId: number; from: number; to: number }; result: FilterRowsResult };
  'filter:cancel': { args: { filterId: number }; result: null };
  /** Where a row is in a filtered view: its position, or that of the next row kept (−1: none after it). */
  'filter:pos': { args: { filterId: number; row: number }; result: { pos: number } };
  /** Rows [from, to) as their exact bytes (base64), a bounded reply at a time. */
  'session:bytes': { args: { id: number; from: number; to: number }; result: RowBytesResult };
  /** The series read from a session's rows so far. */
  'plot:series': { args: { id: number }; result: PlotSeriesResult };
  /** Series decimated for a plot `width` pixels wide: per pixel column, its smallest and largest point. */
  'plot:data': { args: PlotDataArgs; result: PlotDataResult };
  /** Reads the session's numbers with a pattern of named groups ('' for automatic reading), from the first row again. */
  'plot:pattern': { args: { id: number; pattern: string }; result: PlotSeriesResult };
  /** A page of CSV lines of the series, from a row on. */
  'plot:csv': { args: PlotCsvArgs; result: PlotCsvResult };
  /** A session as a proposed dialog file ("Save as test"): a step per reply, volatile parts masked. */
  'dialog:propose': { args: { id: number }; result: DialogProposal };
  /** Auto-response rules ("when output matches P, send R"), of every session. */
  'respond:list': { args: null; result: RespondRule[] };
  'respond:add': { args: RespondSpec; result: RespondRule };
  /** Turns a rule off, or on again (a rule the loop guard stopped starts afresh). */
  'respond:set': { args: { id: number; enabled: boolean }; result: RespondRule };
  'respond:remove': { args: { id: number }; result: null };
  /** A session's bookmarks (rows marked as findings, with a note), live or past. */
  'bookmark:list': { args: { id: number }; result: Bookmark[] };
  /** Bookmarks a row, or changes its note. */
  'bookmark:set': { args: { id: number; row: number; note?: string }; result: Bookmark[] };
  'bookmark:remove': { args: { id: number; row: number }; result: Bookmark[] };
  /** Starts a program as a new session (Run…). Refused where the face may not run programs (AppInfo.run). */
  'run:start': { args: RunSpec; result: SessionInfo };
  /** Starts a session's program again as a new session, stopping it first if it still runs (Run again). */
  'run:again': { args: { id: number; cols?: number; rows?: number }; result: SessionInfo };
  /**
   * Replays a dialog file (its text) in a new session; the steps come as `replay` events.
   * A relative working folder in it counts from `baseDir`, the dialog file's folder.
   */
  'replay:start': { args: { text: string; file: string; baseDir?: string; timeoutS?: number }; result: ReplayInfo };
  /** Stops a replay and its program. */
  'replay:stop': { args: { replayId: number }; result: null };
  'replay:list': { args: null; result: ReplayInfo[] };
}

export type CommandName = keyof Commands;
export type CommandArgs<K extends CommandName> = Commands[K]['args'];
export type CommandResult<K extends CommandName> = Commands[K]['result'];

/** The largest text one `session:send` may carry (1 MiB of UTF-16 code units). */
export const MAX_SEND_CHARS = 1024 * 1024;
const MAX_SHORT = 4096;
const MAX_QUERY = 64 * 1024;
/** The longest dialog file the window replays (its text). */
export const MAX_DIALOG_CHARS = 4 * 1024 * 1024;

export interface CommandSpec<K extends CommandName> {
  /** What the arguments are checked against before anything reaches the core. */
  readonly args: ArgsShape<CommandArgs<K>>;
}

const respondScope: Check<RespondScope> = (v) => {
  const s = v as Partial<Record<string, unknown>> | null;
  if (typeof s !== 'object' || s === null) return 'must be an object';
  if (s.kind === 'all' && Object.keys(s).length === 1) return null;
  if (s.kind === 'session' && Object.keys(s).length === 2 && nat(s.id) === null) return null;
  if (s.kind === 'program' && Object.keys(s).length === 2 && str(1024, true)(s.program) === null) return null;
  return "must be { kind: 'all' }, { kind: 'session', id } or { kind: 'program', program }";
};

/** The command table: one entry per command, no more, no fewer. */
export const COMMANDS: { readonly [K in CommandName]: CommandSpec<K> } = {
  'app:info': { args: null },
  'listener:list': { args: null },
  'listener:add': {
    args: [
      { host: opt(str(255, true)), port: opt(port) },
      { path: req(str(MAX_SHORT, true)) },
    ],
  },
  'listener:remove': { args: { id: req(nat) } },
  'connect:list': { args: null },
  'connect:start': { args: { host: req(str(255, true)), port: req(port), retryMs: opt(nat), giveUpMs: opt(nat), autoReconnect: opt(bool) } },
  'connect:cancel': { args: { id: req(nat) } },
  'session:list': { args: null },
  'session:rows': { args: { id: req(nat), from: req(nat), to: req(nat) } },
  'session:send': { args: { id: req(nat), text: req(str(MAX_SEND_CHARS)), ending: req(oneOf('lf', 'crlf', 'none')) } },
  'session:eof': { args: { id: req(nat) } },
  'session:close': { args: { id: req(nat) } },
  'session:encoding': { args: { id: req(nat), encoding: req(str(64, true)) } },
  'session:rename': { args: { id: req(nat), name: req(str(1024)) } },
  'session:reconnect': { args: { id: req(nat), auto: opt(bool), stop: opt(bool) } },
  'session:remove': { args: { id: req(nat) } },
  'past:list': { args: null },
  'past:open': { args: { key: req(str(MAX_SHORT, true)) } },
  'past:delete': { args: { key: req(str(MAX_SHORT, true)) } },
  'search:start': { args: { id: req(nat), query: req(str(MAX_QUERY)), regex: req(bool), caseSensitive: req(bool) } },
  'search:seek': { args: { searchId: req(nat), row: req(nat), dir: req(oneOf(1, -1)) } },
  'search:cancel': { args: { searchId: req(nat) } },
  'filter:start': {
    args: {
      id: req(nat), query: req(str(MAX_QUERY)), regex: req(bool), caseSensitive: req(bool), invert: req(bool),
      kinds: req(list(oneOf('out', 'err', 'sent', 'note'), 4)), from: opt(nat),
    },
  },
  'filter:rows': { args: { filterId: req(nat), from: req(nat), to: req(nat) } },
  'filter:cancel': { args: { filterId: req(nat) } },
  'filter:pos': { args: { filterId: req(nat), row: req(nat) } },
  'session:bytes': { args: { id: req(nat), from: req(nat), to: req(nat) } },
  'plot:series': { args: { id: req(nat) } },
  'plot:data': {
    args: {
      id: req(nat),
      series: req(list(str(PLOT_LIMITS.maxNameChars), PLOT_LIMITS.maxSeriesPerRequest)),
      xMode: req(oneOf('time', 'row')),
      from: opt(nat),
      to: opt(nat),
      width: req(nat),
    },
  },
  'plot:pattern': { args: { id: req(nat), pattern: req(str(PLOT_LIMITS.maxPatternChars)) } },
  'dialog:propose': { args: { id: req(nat) } },
  'respond:list': { args: null },
  'respond:add': {
    args: {
      pattern: req(str(RESPOND_LIMITS.maxPatternChars, true)), regex: req(bool), flags: opt(str(8)), reply: req(str(RESPOND_LIMITS.maxReplyChars)),
      ending: req(oneOf('lf', 'crlf', 'none')), once: req(bool), delayMs: req(nat), perSecond: opt(nat), scope: req(respondScope),
    },
  },
  'respond:set': { args: { id: req(nat), enabled: req(bool) } },
  'respond:remove': { args: { id: req(nat) } },
  'bookmark:list': { args: { id: req(nat) } },
  'bookmark:set': { args: { id: req(nat), row: req(nat), note: opt(str(BOOKMARK_LIMITS.maxNoteChars * 2)) } },
  'bookmark:remove': { args: { id: req(nat), row: req(nat) } },
  'run:start': {
    args: { command: req(str(MAX_SHORT, true)), cwd: opt(str(MAX_SHORT, true)), pty: opt(bool), encoding: opt(str(64, true)), cols: opt(nat), rows: opt(nat) },
  },
  'run:again': { args: { id: req(nat), cols: opt(nat), rows: opt(nat) } },
  'replay:start': { args: { text: req(str(MAX_DIALOG_CHARS, true)), file: req(str(MAX_SHORT, true)), baseDir: opt(str(MAX_SHORT, true)), timeoutS: opt(nat) } },
  'replay:stop': { args: { replayId: req(nat) } },
  'replay:list': { args: null },
  'plot:csv': {
    args: { id: req(nat), columns: req(list(str(PLOT_LIMITS.maxNameChars), PLOT_LIMITS.maxSeriesPerRequest * 8)), fromRow: req(nat) },
  },
};

export const COMMAND_NAMES: readonly CommandName[] = Object.freeze(Object.keys(COMMANDS) as CommandName[]);

/** Event channel (core → face); each message carries a batch of events. */
export const EVENTS_CHANNEL = 'porthole:events';
/** Face → core: the renderer is ready to receive events. */
export const READY_CHANNEL = 'porthole:ready';
/** Face → core: the renderer has drawn one batch of events (it may be sent another). */
export const ACK_CHANNEL = 'porthole:ack';

/** What a face's renderer holds: the same for Electron IPC and the browser WebSocket. */
export interface PortholeBridge {
  readonly face: 'electron' | 'browser';
  invoke<K extends CommandName>(cmd: K, args: CommandArgs<K>): Promise<CommandResult<K>>;
  /** Receives batches of events; returns a function that unsubscribes. */
  subscribe(listener: (events: PortholeEvent[]) => void): () => void;
  /**
   * When a delivered batch counts as drawn, so the core may send the next: the
   * interface calls `ack` once it has drawn it (null: on the next animation frame).
   */
  ackWhen?(pacer: ((ack: () => void) => void) | null): void;
  /** Saves the session's transcript as a file the person chooses (save dialog or download). */
  exportSession(id: number, format: ExportFormat): Promise<void>;
}

/** Errors from commands reach the face as this shape. */
export interface CommandError {
  error: string;
}
