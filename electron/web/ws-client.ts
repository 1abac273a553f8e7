/**
 * One browser tab's WebSocket: runs its commands against the core (after the same
 * shape checks as the Electron IPC) and pushes it the core's events through the same
 * acknowledged flow as the Electron window (event-flow.ts): coalesced while the page
 * has not drawn what it was sent, or while the socket is backed up, instead of
 * buffering without bound. Nothing a client
 * sends can end the process: bad messages get an error result or a close with a
 * reason, and a client that stops reading stops being read.
 */
import type { WebSocket } from 'ws';
import type { PortholeEvent } from '../../shared/types.ts';
import { validateArgs } from '../../shared/validate.ts';
import type { WsServerMessage } from '../../shared/ws-protocol.ts';
import type { CoreService } from '../core/service-api.ts';
import { EventFlow } from '../core/event-flow.ts';

export interface Backpressure {
  /** Above this many unsent bytes, events are held and coalesced, and requests wait. */
  highWater: number;
  /** Held events are sent once the unsent bytes fall to this. */
  lowWater: number;
  /** How often a backed-up socket is checked (ws has no 'drain' event of its own). */
  pollMs: number;
}

export const DEFAULT_BACKPRESSURE: Backpressure = { highWater: 1 << 20, lowWater: 256 << 10, pollMs: 16 };

/** Requests of one client running at once; further ones wait, unread, in the socket. */
export const MAX_IN_FLIGHT = 16;
/** The largest message sent to a client; a larger result becomes an error. */
export const MAX_OUTGOING_CHARS = 64 << 20;
/** Longest error text sent back (a field name in an error can be as long as a message). */
const MAX_ERROR_CHARS = 1000;

type Socket = Pick<WebSocket, 'send' | 'on' | 'close' | 'readyState' | 'bufferedAmount'> & Partial<Pick<WebSocket, 'pause' | 'resume' | 'terminate'>>;

interface Incoming {
  data: { toString(): string; length?: number };
  isBinary: boolean;
}

/** Close codes ws uses when a client breaks the protocol, and what to tell it. */
export function protocolCloseReason(code: number | undefined, maxMessageBytes: number): string | undefined {
  switch (code) {
    case 1002: return 'protocol error: not a valid masked WebSocket frame from a client';
    case 1007: return 'text message is not valid UTF-8';
    case 1009: return `message too big: at most ${maxMessageBytes} bytes`;
    default: return undefined;
  }
}

/**
 * ws closes a connection that breaks the protocol with a bare status code; give
 * the client the reason too, so a refused oversize message says what the limit is.
 */
export function explainProtocolCloses(ws: Pick<WebSocket, 'close'>, maxMessageBytes: number): void {
  const close = ws.close.bind(ws);
  ws.close = (code?: number, reason?: string | Buffer) => close(code, reason ?? protocolCloseReason(code, maxMessageBytes));
}

const clip = (text: string) => (text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}…` : text);

export function serveClient(ws: Socket, service: CoreService, bp: Backpressure = DEFAULT_BACKPRESSURE): void {
  const waiting: Incoming[] = [];
  let inFlight = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  const OPEN = 1;

  /** Sends a message; false when it could not be built (too large, or not serialisable). */
  const trySend = (message: WsServerMessage): true | string => {
    if (closed || ws.readyState !== OPEN) return true;
    let text: string;
    try {
      text = JSON.stringify(message);
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
    if (text.length > MAX_OUTGOING_CHARS) return `it is larger than ${MAX_OUTGOING_CHARS} characters`;
    ws.send(text, (err) => {
      // A send can fail only because the socket went away; 'close' cleans up.
      void err;
    });
    return true;
  };

  const sendResult = (n: number, outcome: { result: unknown } | { error: string }) => {
    const problem = trySend({ t: 'result', n, ...outcome } as WsServerMessage);
    if (problem !== true) trySend({ t: 'result', n, error: clip(`the result could not be sent: ${problem}`) });
  };

  const sendEvents = (events: PortholeEvent[]) => {
    const problem = trySend({ t: 'events', events });
    if (problem !== true) {
      trySend({ t: 'events', events: [{ type: 'notice', level: 'error', message: clip(`Some updates could not be sent to this page (${problem}); reload it.`) }] });
    }
  };

  const backedUp = () => ws.bufferedAmount > bp.highWater;

  const flow = new EventFlow({
    send: (events) => {
      // A backed-up socket takes nothing more until it is down to the low-water mark.
      if (backedUp() || (timer !== undefined && ws.bufferedAmount > bp.lowWater)) {
        startPolling();
        return false;
      }
      sendEvents(events);
    },
  });
  flow.start();

  const tick = () => {
    if (closed || ws.readyState !== OPEN) return stopPolling();
    if (ws.bufferedAmount <= bp.lowWater) {
      stopPolling();
      flow.drain();
    }
    pump();
    if (waiting.length > 0) startPolling();
  };
  const startPolling = () => {
    timer ??= setInterval(tick, bp.pollMs);
  };
  const stopPolling = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };

  const unsubscribe = service.onEvents((events: PortholeEvent[]) => {
    if (!closed) flow.push(events);
  });

  /** Runs waiting requests while the client keeps up; otherwise stops reading it. */
  const pump = () => {
    // Once a message has made us close the connection, nothing after it runs.
    while (!closed && ws.readyState === OPEN && waiting.length > 0 && inFlight < MAX_IN_FLIGHT && !backedUp()) handle(waiting.shift()!);
    if (closed || ws.readyState !== OPEN) return;
    if (waiting.length > 0) {
      ws.pause?.();
      startPolling();
    } else {
      ws.resume?.();
    }
  };

  const handle = ({ data, isBinary }: Incoming) => {
    if (isBinary) {
      ws.close(1003, 'messages must be JSON text, not binary');
      return;
    }
    let message: { t?: unknown; n?: unknown; cmd?: unknown; args?: unknown };
    try {
      // V8 parses any depth of nesting without recursion; a RangeError is caught all the same.
      message = JSON.parse(data.toString());
    } catch {
      ws.close(1003, 'messages must be JSON text');
      return;
    }
    if (typeof message === 'object' && message !== null && !Array.isArray(message) && message.t === 'ack' && Object.keys(message).length === 1) {
      flow.ack();
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message) || message.t !== 'invoke' || !Number.isSafeInteger(message.n)) {
      ws.close(1008, 'unknown message: expected {"t":"invoke","n":N,"cmd":…,"args":…}');
      return;
    }
    const n = message.n as number;
    const cmd = typeof message.cmd === 'string' ? message.cmd : '';
    const problem = validateArgs(cmd, message.args);
    if (problem) {
      sendResult(n, { error: clip(problem) });
      return;
    }
    // validateArgs has checked the name and the shape.
    const invoke = service.invoke as (c: string, a: unknown) => Promise<unknown>;
    inFlight++;
    Promise.resolve()
      .then(() => invoke.call(service, cmd, message.args ?? null))
      .then(
        (result) => sendResult(n, { result: result ?? null }),
        (err: unknown) => sendResult(n, { error: clip(err instanceof Error ? err.message : String(err)) }),
      )
      .catch(() => { /* sendResult does not throw; belt and braces for the process */ })
      .finally(() => {
        inFlight--;
        pump();
      });
  };

  ws.on('message', (data, isBinary) => {
    if (closed) return;
    waiting.push({ data: data as Incoming['data'], isBinary });
    pump();
  });

  // ws reports a client's protocol errors here and closes the connection itself;
  // without a listener the error would end the process.
  ws.on('error', () => {});

  ws.on('close', () => {
    closed = true;
    waiting.length = 0;
    flow.dispose();
    stopPolling();
    unsubscribe();
  });
}
