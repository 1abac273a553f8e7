/** The bridge inside the Electron window: the preload's `invoke`, never raw IPC. */
import type { PortholePreloadApi } from '../../../shared/preload-api.ts';
import type { PortholeEvent } from '../../../shared/types.ts';
import { afterDraw } from './after-draw.ts';
import { withSendsInPieces } from './send-pieces.ts';
import type { AppBridge } from './types.ts';

export function createElectronBridge(api: PortholePreloadApi): AppBridge {
  const listeners = new Set<(events: PortholeEvent[]) => void>();
  let listening = false;
  let pacer: (ack: () => void) => void = afterDraw;
  // One subscription to the preload for all listeners, so each batch is acknowledged once, after it is drawn.
  const deliver = (events: PortholeEvent[]) => {
    for (const l of [...listeners]) l(events);
    pacer(() => api.ack());
  };
  return {
    face: 'electron',
    // IPC to our own main process does not drop while the window lives.
    connection: 'connected',
    onConnectionChange: () => () => {},
    // A large paste goes out as several sends, each within the core's limit.
    invoke: withSendsInPieces((cmd, args) => api.invoke(cmd, args)),
    subscribe(listener: (events: PortholeEvent[]) => void) {
      listeners.add(listener);
      // The main process holds events until the page is listening, so none are lost at startup.
      if (!listening) {
        listening = true;
        api.onEvents(deliver);
        // After the current task, so every listener subscribed alongside this one gets the first batch.
        queueMicrotask(() => api.ready());
      }
      return () => {
        listeners.delete(listener);
      };
    },
    async exportSession(id, format) {
      await api.exportSession(id, format);
    },
    ackWhen(p) {
      pacer = p ?? afterDraw;
    },
  };
}
