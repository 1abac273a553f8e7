/**
 * The interface's one way to reach the core. Inside the Electron window the preload
 * has put `window.porthole` there; in a browser (`porthole serve`) it is absent and
 * the WebSocket bridge is used. No feature differs between the two.
 */
import type { PortholePreloadApi } from '../../../shared/preload-api.ts';
import { EXPORT_PATH, WS_PATH } from '../../../shared/ws-protocol.ts';
import { createElectronBridge } from './electron-bridge.ts';
import type { AppBridge } from './types.ts';
import { createWsBridge } from './ws-bridge.ts';

export type { AppBridge, ConnectionState } from './types.ts';

declare global {
  interface Window {
    porthole?: PortholePreloadApi;
  }
}

let bridge: AppBridge | undefined;

export function getBridge(): AppBridge {
  bridge ??= window.porthole ? createElectronBridge(window.porthole) : browserBridge();
  return bridge;
}

/**
 * In a browser the page holds no secret: the server signed it in with an HttpOnly
 * cookie, which the browser sends with the WebSocket upgrade and with downloads.
 */
function browserBridge(): AppBridge {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return createWsBridge({
    url: `${scheme}://${window.location.host}${WS_PATH}`,
    exportUrl: (id, format) => `${EXPORT_PATH}${id}?format=${format}`,
  });
}
