/**
 * Every command a face can send to the core, with its arguments and result.
 * Channel names are namespaced; the Electron IPC and the browser-mode WebSocket
 * carry exactly these.
 */
import type {
  AppInfo, ConnectInfo, ConnectSpec, LineEnding, ListenerInfo, ListenerSpec, PastSessionInfo,
  PortholeEvent, RowsResult, SearchQuery, SearchSeekResult, SessionInfo,
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
  'past:list': { args: null; result: PastSessionInfo[] };
  'past:open': { args: { key: string }; result: SessionInfo };
  'search:start': { args: SearchQuery; result: { searchId: number } };
  /** The next (dir 1) or previous (dir -1) matching row after/before `row`, wrapping around. */
  'search:seek': { args: { searchId: number; row: number; dir: 1 | -1 }; result: SearchSeekResult };
  'search:cancel': { args: { searchId: number }; result: null };
}

export type CommandName = keyof Commands;
export type CommandArgs<K extends CommandName> = Commands[K]['args'];
export type CommandResult<K extends CommandName> = Commands[K]['result'];

export const COMMAND_NAMES: readonly CommandName[] = [
  'app:info',
  'listener:list', 'listener:add', 'listener:remove',
  'connect:list', 'connect:start', 'connect:cancel',
  'session:list', 'session:rows', 'session:send', 'session:eof', 'session:close', 'session:encoding',
  'past:list', 'past:open',
  'search:start', 'search:seek', 'search:cancel',
];

/** Event channel (core → face); each message carries a batch of events. */
export const EVENTS_CHANNEL = 'porthole:events';
/** Face → core: the renderer is ready to receive events. */
export const READY_CHANNEL = 'porthole:ready';

/** What a face's renderer holds: the same for Electron IPC and the browser WebSocket. */
export interface PortholeBridge {
  readonly face: 'electron' | 'browser';
  invoke<K extends CommandName>(cmd: K, args: CommandArgs<K>): Promise<CommandResult<K>>;
  /** Receives batches of events; returns a function that unsubscribes. */
  subscribe(listener: (events: PortholeEvent[]) => void): () => void;
  /** Saves the session's transcript as a file the person chooses (save dialog or download). */
  exportSession(id: number, format: 'text' | 'jsonl'): Promise<void>;
}

/** Errors from commands reach the face as this shape. */
export interface CommandError {
  error: string;
}
