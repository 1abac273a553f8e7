/** The bridge inside the Electron window: the preload's `invoke`, never raw IPC. */
import type { PortholePreloadApi } from '../../../shared/preload-api.ts';
import type { PortholeEvent } from '../../../shared/types.ts';
import { withSendsInPieces } from './send-pieces.ts';
import type { AppBridge } from './types.ts';

export function createElectronBridge(api: PortholePreloadApi): AppBridge {
  let readySent = false;
  return {
    face: 'electron',
    // IPC to our own main process does not drop while the window lives.
    connection: 'connected',
    onConnectionChange: () => () => {},
    // A large paste goes out as several sends, each within the core's limit.
    invoke: withSendsInPieces((cmd, args) => api.invoke(cmd, args)),
    subscribe(listener: (events: PortholeEvent[]) => void) {
      const unsubscribe = api.onEvents(listener);
      // The main process holds events until the page is listening, so none are lost at startup.
      if (!readySent) {
        readySent = true;
        api.ready();
      }
      return unsubscribe;
    },
    async exportSession(id, format) {
      await api.exportSession(id, format);
    },
  };
}
