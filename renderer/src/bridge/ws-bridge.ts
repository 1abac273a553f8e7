/**
 * The bridge in browser mode: the same commands and events as the Electron IPC,
 * over one WebSocket to `porthole serve`. If the connection drops (the server
 * restarted, the laptop slept) it reconnects with backoff, and on reconnecting
 * replays the current state as ordinary events so the interface needs no special
 * resynchronisation path.
 */
import type { CommandArgs, CommandName, CommandResult } from '../../../shared/contract.ts';
import { LIMITS } from '../../../shared/limits.ts';
import type { ExportFormat, PortholeEvent } from '../../../shared/types.ts';
import type { WsAck, WsServerMessage } from '../../../shared/ws-protocol.ts';
import { afterDraw } from './after-draw.ts';
import { withSendsInPieces } from './send-pieces.ts';
import type { AppBridge, ConnectionState } from './types.ts';

/** The part of the browser's WebSocket the bridge uses (the `ws` package offers it too, for tests). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export interface WsBridgeOptions {
  /** ws://127.0.0.1:PORT/ws (the browser sends the session cookie with it). */
  url: string;
  /** Address of a transcript download (authorised by the same cookie). */
  exportUrl(id: number, format: ExportFormat): string;
  createSocket?(url: string): SocketLike;
  /** Starts a download of `href`; default: a temporary link with the `download` attribute. */
  download?(href: string): void;
  /** Delay before the first retry, doubled after each failure up to maxMs. */
  backoff?: { initialMs: number; maxMs: number };
}

export interface WsBridge extends AppBridge {
  /** Closes the socket for good (tests, page teardown). */
  dispose(): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  message: string;
  sent: boolean;
}

const OPEN = 1;

function clickDownload(href: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = '';
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function createWsBridge(opts: WsBridgeOptions): WsBridge {
  const createSocket = opts.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const backoff = opts.backoff ?? { initialMs: 250, maxMs: 5_000 };
  const eventListeners = new Set<(events: PortholeEvent[]) => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  const pending = new Map<number, Pending>();
  let socket: SocketLike | null = null;
  let connection: ConnectionState = 'connecting';
  let everConnected = false;
  let disposed = false;
  let delay = backoff.initialMs;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pacer: (ack: () => void) => void = afterDraw;
  let serial = 0;

  const setConnection = (state: ConnectionState) => {
    if (state === connection) return;
    connection = state;
    for (const l of [...connectionListeners]) l(state);
  };

  const deliver = (events: PortholeEvent[]) => {
    for (const l of [...eventListeners]) l(events);
  };

  const invoke = <K extends CommandName>(cmd: K, args: CommandArgs<K>): Promise<CommandResult<K>> =>
    new Promise<CommandResult<K>>((resolve, reject) => {
      if (disposed) return reject(new Error('the connection to Porthole is closed'));
      const n = ++serial;
      const entry: Pending = { resolve: resolve as (v: unknown) => void, reject, message: JSON.stringify({ t: 'invoke', n, cmd, args }), sent: false };
      pending.set(n, entry);
      // Commands issued while (re)connecting go out as soon as the socket opens.
      if (socket?.readyState === OPEN) {
        socket.send(entry.message);
        entry.sent = true;
      }
    });

  /** After a reconnect: the current state, as the events that would have produced it. */
  const replayState = async () => {
    const [listeners, connects, sessions] = await Promise.all([
      invoke('listener:list', null), invoke('connect:list', null), invoke('session:list', null),
    ]);
    const events: PortholeEvent[] = [{ type: 'listeners', listeners }, { type: 'connects', connects }];
    const tails = await Promise.all(sessions.map((s) =>
      invoke('session:rows', { id: s.id, from: Math.max(0, s.rows - LIMITS.tailRows), to: s.rows })));
    sessions.forEach((session, i) => {
      events.push({ type: 'session', session });
      // changedFrom 0: anything the interface cached may have changed while it was away.
      events.push({ type: 'rows', id: session.id, count: tails[i].count, changedFrom: 0, tail: tails[i].rows });
    });
    deliver(events);
  };

  const onMessage = (data: unknown) => {
    let message: WsServerMessage;
    try {
      message = JSON.parse(String(data));
    } catch {
      return;
    }
    if (message.t === 'events') {
      deliver(message.events);
      // Drawn: the server may send the next batch (until then it coalesces them).
      const ws = socket;
      pacer(() => {
        if (ws && ws === socket && ws.readyState === OPEN) ws.send(JSON.stringify({ t: 'ack' } satisfies WsAck));
      });
    } else if (message.t === 'result') {
      const entry = pending.get(message.n);
      if (!entry) return;
      pending.delete(message.n);
      if ('error' in message) entry.reject(new Error(message.error));
      else entry.resolve(message.result);
    }
  };

  const connect = () => {
    retryTimer = undefined;
    if (disposed) return;
    const ws = createSocket(opts.url);
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      delay = backoff.initialMs;
      const reconnected = everConnected;
      everConnected = true;
      for (const entry of pending.values()) {
        if (!entry.sent) {
          ws.send(entry.message);
          entry.sent = true;
        }
      }
      setConnection('connected');
      if (reconnected) replayState().catch(() => { /* the next drop will retry */ });
    };
    ws.onmessage = (ev) => {
      if (socket === ws) onMessage(ev.data);
    };
    ws.onerror = () => { /* always followed by close */ };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      // A command in flight may or may not have run: say so rather than guess.
      for (const [n, entry] of pending) {
        if (entry.sent) {
          pending.delete(n);
          entry.reject(new Error('the connection to Porthole was lost'));
        }
      }
      if (disposed) return;
      setConnection(everConnected ? 'disconnected' : 'connecting');
      retryTimer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, backoff.maxMs);
    };
  };

  connect();

  return {
    face: 'browser',
    get connection() {
      return connection;
    },
    onConnectionChange(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    // A large paste goes out as several sends, each within the server's message limit.
    invoke: withSendsInPieces(invoke),
    subscribe(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    ackWhen(p) {
      pacer = p ?? afterDraw;
    },
    async exportSession(id, format) {
      (opts.download ?? clickDownload)(opts.exportUrl(id, format));
    },
    dispose() {
      disposed = true;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      for (const entry of pending.values()) entry.reject(new Error('the connection to Porthole is closed'));
      pending.clear();
      socket?.close();
      socket = null;
    },
  };
}
