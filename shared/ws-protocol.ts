/** Messages of the browser-mode WebSocket (JSON, one object per message). */
import type { PortholeEvent } from './types.ts';

/** Path of the WebSocket on the browser-mode server (authorised by the session cookie). */
export const WS_PATH = '/ws';
/** Path of transcript downloads: `/export/ID?format=text|jsonl`. */
export const EXPORT_PATH = '/export/';

export interface WsInvoke {
  t: 'invoke';
  /** Chosen by the client; echoed in the result. */
  n: number;
  cmd: string;
  args: unknown;
}

/** The page has drawn one batch of events (it may be sent another). */
export interface WsAck {
  t: 'ack';
}

export type WsServerMessage =
  | { t: 'result'; n: number; result: unknown }
  | { t: 'result'; n: number; error: string }
  | { t: 'events'; events: PortholeEvent[] };
