/**
 * The functions the preload gives the page, built over an `ipcRenderer`-like object
 * so they can be tested without Electron. One function per operation: the page never
 * holds a channel name or ipcRenderer itself.
 */
import { EVENTS_CHANNEL, READY_CHANNEL, type CommandArgs, type CommandName, type CommandResult } from '../../shared/contract.ts';
import { EXPORT_CHANNEL, type ExportOutcome, type PortholePreloadApi } from '../../shared/preload-api.ts';
import type { PortholeEvent } from '../../shared/types.ts';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

type Reply = { result: unknown } | { error: string };

export function createPreloadApi(ipc: IpcRendererLike): PortholePreloadApi {
  const unwrap = async (reply: Promise<unknown>) => {
    const r = (await reply) as Reply;
    if ('error' in r) throw new Error(r.error);
    return r.result;
  };
  const call = <K extends CommandName>(cmd: K, args: CommandArgs<K>) =>
    unwrap(ipc.invoke(cmd, args)) as Promise<CommandResult<K>>;

  return {
    appInfo: () => call('app:info', null),
    listListeners: () => call('listener:list', null),
    addListener: (spec) => call('listener:add', spec),
    removeListener: (id) => call('listener:remove', { id }),
    listConnects: () => call('connect:list', null),
    startConnect: (spec) => call('connect:start', spec),
    cancelConnect: (id) => call('connect:cancel', { id }),
    listSessions: () => call('session:list', null),
    rows: (id, from, to) => call('session:rows', { id, from, to }),
    send: (id, text, ending) => call('session:send', { id, text, ending }),
    sendEof: (id) => call('session:eof', { id }),
    closeSession: (id) => call('session:close', { id }),
    setEncoding: (id, encoding) => call('session:encoding', { id, encoding }),
    listPast: () => call('past:list', null),
    openPast: (key) => call('past:open', { key }),
    searchStart: (query) => call('search:start', query),
    searchSeek: (searchId, row, dir) => call('search:seek', { searchId, row, dir }),
    searchCancel: (searchId) => call('search:cancel', { searchId }),
    onEvents(listener) {
      // The page's callback never receives the IPC event object (it exposes `sender`).
      const handler = (_event: unknown, events: unknown) => listener(events as PortholeEvent[]);
      ipc.on(EVENTS_CHANNEL, handler);
      return () => {
        ipc.removeListener(EVENTS_CHANNEL, handler);
      };
    },
    ready: () => ipc.send(READY_CHANNEL),
    exportSession: (id, format) => unwrap(ipc.invoke(EXPORT_CHANNEL, { id, format })) as Promise<ExportOutcome>,
  };
}
