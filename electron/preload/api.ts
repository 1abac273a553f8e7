/**
 * What the preload gives the page, built over an `ipcRenderer`-like object so it can
 * be tested without Electron. The page never holds ipcRenderer or picks a channel:
 * `invoke` sends only the commands of the table (contract.ts), each on its own
 * channel, and the main process checks sender and arguments again.
 */
import { ACK_CHANNEL, EVENTS_CHANNEL, READY_CHANNEL, type CommandArgs, type CommandName, type CommandResult } from '../../shared/contract.ts';
import { EXPORT_CHANNEL, type ExportArgs, type ExportOutcome, type PortholePreloadApi } from '../../shared/preload-api.ts';
import type { PortholeEvent } from '../../shared/types.ts';
import { isCommandName } from '../../shared/validate.ts';

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

  return {
    invoke<K extends CommandName>(cmd: K, args: CommandArgs<K>): Promise<CommandResult<K>> {
      // The page chooses the name: only the table's reach a channel.
      if (!isCommandName(cmd)) return Promise.reject(new Error(`unknown command '${String(cmd).slice(0, 64)}'`));
      return unwrap(ipc.invoke(cmd, args)) as Promise<CommandResult<K>>;
    },
    onEvents(listener) {
      // The page's callback never receives the IPC event object (it exposes `sender`).
      const handler = (_event: unknown, events: unknown) => listener(events as PortholeEvent[]);
      ipc.on(EVENTS_CHANNEL, handler);
      return () => {
        ipc.removeListener(EVENTS_CHANNEL, handler);
      };
    },
    ready: () => ipc.send(READY_CHANNEL),
    ack: () => ipc.send(ACK_CHANNEL),
    exportSession: (id, format) => unwrap(ipc.invoke(EXPORT_CHANNEL, { id, format } satisfies ExportArgs)) as Promise<ExportOutcome>,
  };
}
