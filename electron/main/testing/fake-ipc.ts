/**
 * ipcMain and one window's webContents as plain objects, wired to renderer-side
 * ipcRenderer stand-ins per frame, copying every message as IPC does. For tests of
 * the IPC adapter, the preload and the renderer's Electron bridge, end to end.
 */
import type { IpcRendererLike } from '../../preload/api.ts';
import type { FrameLike, IpcEventLike, IpcMainLike } from '../ipc-adapter.ts';

type Handler = (event: IpcEventLike, ...args: unknown[]) => unknown;

export function fakeElectronIpc() {
  const handlers = new Map<string, Handler>();
  const listeners = new Map<string, Set<Handler>>();
  const pageListeners = new Map<string, Set<(e: unknown, ...a: unknown[]) => void>>();
  const mainFrame: { url: string } = { url: 'app://porthole/index.html' };
  const sends: { channel: string; args: unknown[] }[] = [];
  /** Every channel the page invoked, in order (refused ones included). */
  const invoked: string[] = [];
  let destroyed = false;

  const ipcMain: IpcMainLike = {
    handle: (ch, fn) => {
      if (handlers.has(ch)) throw new Error(`second handler for ${ch}`);
      handlers.set(ch, fn);
    },
    removeHandler: (ch) => handlers.delete(ch),
    on: (ch, fn) => listeners.set(ch, (listeners.get(ch) ?? new Set()).add(fn)),
    removeListener: (ch, fn) => listeners.get(ch)?.delete(fn),
  };
  const webContents = {
    mainFrame: mainFrame as FrameLike,
    isDestroyed: () => destroyed,
    send(channel: string, ...args: unknown[]) {
      // IPC copies its arguments.
      const copy = structuredClone(args);
      sends.push({ channel, args: copy });
      for (const l of pageListeners.get(channel) ?? []) l({}, ...copy);
    },
  };
  const rendererIn = (frame: FrameLike): IpcRendererLike => ({
    async invoke(ch, ...args) {
      invoked.push(ch);
      const h = handlers.get(ch);
      if (!h) throw new Error(`No handler registered for '${ch}'`);
      return structuredClone(await h({ senderFrame: frame }, ...structuredClone(args)));
    },
    send(ch, ...args) {
      for (const l of listeners.get(ch) ?? []) l({ senderFrame: frame }, ...args);
    },
    on(ch, fn) {
      pageListeners.set(ch, (pageListeners.get(ch) ?? new Set()).add(fn));
    },
    removeListener(ch, fn) {
      pageListeners.get(ch)?.delete(fn);
    },
  });
  return { ipcMain, webContents, mainFrame, handlers, listeners, sends, invoked, rendererIn, destroy: () => (destroyed = true) };
}
