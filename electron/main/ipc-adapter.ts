/**
 * The Electron IPC face of the core. Every message is checked for who sent it (the
 * main frame of our own window, showing our own page) and for its shape before the
 * core sees it. Events go to the page as the core batches them, through the same
 * acknowledged flow as the browser's WebSocket (event-flow.ts): held until the page
 * says it is listening, coalesced while it has not drawn what it was sent. The
 * Electron objects are passed in so this runs, and is tested, under plain Node.
 */
import { ACK_CHANNEL, COMMAND_NAMES, EVENTS_CHANNEL, READY_CHANNEL } from '../../shared/contract.ts';
import { EXPORT_ARGS, EXPORT_CHANNEL, type ExportArgs, type ExportOutcome } from '../../shared/preload-api.ts';
import type { ExportFormat, PortholeEvent } from '../../shared/types.ts';
import { validateArgs, validateShape } from '../../shared/validate.ts';
import type { CoreService } from '../core/service-api.ts';
import { EventFlow } from '../core/event-flow.ts';

export interface FrameLike {
  readonly url: string;
  readonly processId?: number;
  readonly routingId?: number;
}

/** Electron hands out one WebFrameMain object per frame, but compare the frame's ids too rather than rely on it. */
function sameFrame(a: FrameLike, b: FrameLike): boolean {
  if (a === b) return true;
  return typeof a.processId === 'number' && typeof a.routingId === 'number'
    && a.processId === b.processId && a.routingId === b.routingId;
}
export interface IpcEventLike {
  readonly senderFrame: FrameLike | null;
}
/** The parts of Electron's `ipcMain` used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown;
}
/** The parts of the window's `webContents` used here. */
export interface WebContentsLike {
  readonly mainFrame: FrameLike;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/** What each invoke returns: errors travel as data so the page sees the core's own message. */
export type IpcReply = { result: unknown } | { error: string };

export interface IpcAdapterOptions {
  ipcMain: IpcMainLike;
  webContents: WebContentsLike;
  service: CoreService;
  /** True for the address of our own page (app://porthole/…). */
  isOwnPage(url: string): boolean;
  /** Shows the save dialog and writes the transcript. */
  exportSession(id: number, format: ExportFormat): Promise<ExportOutcome>;
  /** Batches the page may hold unacknowledged (default 2). */
  credit?: number;
  /** Refusals are reported here (default: console.warn). */
  onRefused?(reason: string): void;
}

export interface IpcAdapter {
  /** The page is (re)loading: hold events until it says it is ready again. */
  pageReset(): void;
  dispose(): void;
}

export function createIpcAdapter(opts: IpcAdapterOptions): IpcAdapter {
  const { ipcMain, webContents, service } = opts;
  const refused = opts.onRefused ?? ((reason: string) => console.warn(`porthole: refused IPC: ${reason}`));
  // A page that never says ready, or is slow to draw, holds bounded state, not every event.
  const flow = new EventFlow({
    credit: opts.credit,
    send: (events) => {
      if (webContents.isDestroyed()) return false;
      webContents.send(EVENTS_CHANNEL, events);
    },
  });

  const fromOwnPage = (event: IpcEventLike): boolean => {
    const frame = event.senderFrame;
    if (!frame || webContents.isDestroyed() || !sameFrame(frame, webContents.mainFrame)) {
      refused('not from the main frame of the Porthole window');
      return false;
    }
    if (!opts.isOwnPage(frame.url)) {
      refused(`from a page that is not Porthole's (${frame.url.slice(0, 200)})`);
      return false;
    }
    return true;
  };

  const unsubscribe = service.onEvents((events: PortholeEvent[]) => flow.push(events));

  for (const cmd of COMMAND_NAMES) {
    ipcMain.handle(cmd, async (event, args, ...extra): Promise<IpcReply> => {
      if (!fromOwnPage(event)) return { error: 'refused: not from the Porthole window' };
      const problem = extra.length > 0 ? `${cmd} takes one argument` : validateArgs(cmd, args);
      if (problem) return { error: problem };
      try {
        const invoke = service.invoke as (c: string, a: unknown) => Promise<unknown>;
        return { result: (await invoke.call(service, cmd, args ?? null)) ?? null };
      } catch (err) {
        return { error: err instanceof Error ? err.message : String(err) };
      }
    });
  }

  ipcMain.handle(EXPORT_CHANNEL, async (event, args, ...extra): Promise<IpcReply> => {
    if (!fromOwnPage(event)) return { error: 'refused: not from the Porthole window' };
    if (extra.length > 0) return { error: `${EXPORT_CHANNEL} takes one argument` };
    const problem = validateShape(EXPORT_CHANNEL, EXPORT_ARGS, args);
    if (problem) return { error: problem };
    const { id, format } = args as ExportArgs;
    try {
      return { result: await opts.exportSession(id, format) };
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
  });

  const onReady = (event: IpcEventLike, ...args: unknown[]) => {
    if (!fromOwnPage(event)) return;
    if (args.length > 0) {
      refused(`${READY_CHANNEL} carries nothing`);
      return;
    }
    flow.start();
  };
  ipcMain.on(READY_CHANNEL, onReady);

  const onAck = (event: IpcEventLike, ...args: unknown[]) => {
    if (!fromOwnPage(event)) return;
    if (args.length > 0) {
      refused(`${ACK_CHANNEL} carries nothing`);
      return;
    }
    flow.ack();
  };
  ipcMain.on(ACK_CHANNEL, onAck);

  return {
    pageReset() {
      flow.stop();
    },
    dispose() {
      unsubscribe();
      flow.dispose();
      for (const cmd of COMMAND_NAMES) ipcMain.removeHandler(cmd);
      ipcMain.removeHandler(EXPORT_CHANNEL);
      ipcMain.removeListener(READY_CHANNEL, onReady);
      ipcMain.removeListener(ACK_CHANNEL, onAck);
    },
  };
}
