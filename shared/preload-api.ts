/**
 * What the Electron preload exposes to the page as `window.porthole`: one function
 * per operation, never a raw IPC channel, so the page can only ask for things the
 * core offers (Electron's security checklist, "do not expose ipcRenderer").
 */
import type { CommandArgs, CommandName, CommandResult } from './contract.ts';
import type {
  AppInfo, ConnectInfo, ConnectSpec, ExportFormat, LineEnding, ListenerInfo, ListenerSpec,
  PastSessionInfo, PortholeEvent, RowsResult, SearchQuery, SearchSeekResult, SessionInfo,
} from './types.ts';

/** Renderer → main: show a save dialog and write the session's transcript to the file chosen. */
export const EXPORT_CHANNEL = 'session:export';

export interface ExportOutcome {
  /** False when the person cancelled the dialog. */
  saved: boolean;
  path?: string;
}

export interface PortholePreloadApi {
  appInfo(): Promise<AppInfo>;
  listListeners(): Promise<ListenerInfo[]>;
  addListener(spec: ListenerSpec): Promise<ListenerInfo>;
  removeListener(id: number): Promise<null>;
  listConnects(): Promise<ConnectInfo[]>;
  startConnect(spec: ConnectSpec): Promise<ConnectInfo>;
  cancelConnect(id: number): Promise<null>;
  listSessions(): Promise<SessionInfo[]>;
  rows(id: number, from: number, to: number): Promise<RowsResult>;
  send(id: number, text: string, ending: LineEnding): Promise<{ queuedBytes: number }>;
  sendEof(id: number): Promise<null>;
  closeSession(id: number): Promise<null>;
  setEncoding(id: number, encoding: string): Promise<SessionInfo>;
  listPast(): Promise<PastSessionInfo[]>;
  openPast(key: string): Promise<SessionInfo>;
  searchStart(query: SearchQuery): Promise<{ searchId: number }>;
  searchSeek(searchId: number, row: number, dir: 1 | -1): Promise<SearchSeekResult>;
  searchCancel(searchId: number): Promise<null>;
  /** Receives batches of events; returns a function that unsubscribes. */
  onEvents(listener: (events: PortholeEvent[]) => void): () => void;
  /** The page is ready for events: the main process starts delivering what it queued. */
  ready(): void;
  exportSession(id: number, format: ExportFormat): Promise<ExportOutcome>;
}

type Api = PortholePreloadApi;

/**
 * How each command maps onto the preload functions. The renderer's Electron bridge
 * uses it to offer the generic `invoke(cmd, args)`; the compiler checks that every
 * command has a function of the right type.
 */
export const PRELOAD_CALLS: { [K in CommandName]: (api: Api, args: CommandArgs<K>) => Promise<CommandResult<K>> } = {
  'app:info': (api) => api.appInfo(),
  'listener:list': (api) => api.listListeners(),
  'listener:add': (api, a) => api.addListener(a),
  'listener:remove': (api, a) => api.removeListener(a.id),
  'connect:list': (api) => api.listConnects(),
  'connect:start': (api, a) => api.startConnect(a),
  'connect:cancel': (api, a) => api.cancelConnect(a.id),
  'session:list': (api) => api.listSessions(),
  'session:rows': (api, a) => api.rows(a.id, a.from, a.to),
  'session:send': (api, a) => api.send(a.id, a.text, a.ending),
  'session:eof': (api, a) => api.sendEof(a.id),
  'session:close': (api, a) => api.closeSession(a.id),
  'session:encoding': (api, a) => api.setEncoding(a.id, a.encoding),
  'past:list': (api) => api.listPast(),
  'past:open': (api, a) => api.openPast(a.key),
  'search:start': (api, a) => api.searchStart(a),
  'search:seek': (api, a) => api.searchSeek(a.searchId, a.row, a.dir),
  'search:cancel': (api, a) => api.searchCancel(a.searchId),
};
