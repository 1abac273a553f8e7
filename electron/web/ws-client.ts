/**
 * One browser tab's WebSocket: runs its commands against the core (after the same
 * shape checks as the Electron IPC) and pushes it the core's events, coalescing them
 * while the socket is backed up instead of buffering without bound.
 */
import type { WebSocket } from 'ws';
import type { PortholeEvent } from '../../shared/types.ts';
import { validateArgs } from '../../shared/validate.ts';
import type { WsServerMessage } from '../../shared/ws-protocol.ts';
import type { CoreService } from '../core/service-api.ts';
import { EventCoalescer } from './event-coalescer.ts';

export interface Backpressure {
  /** Above this many unsent bytes, events are held and coalesced. */
  highWater: number;
  /** Held events are sent once the unsent bytes fall to this. */
  lowWater: number;
  /** How often a backed-up socket is checked (ws has no 'drain' event of its own). */
  pollMs: number;
}

export const DEFAULT_BACKPRESSURE: Backpressure = { highWater: 1 << 20, lowWater: 256 << 10, pollMs: 16 };

type Socket = Pick<WebSocket, 'send' | 'on' | 'close' | 'readyState' | 'bufferedAmount'>;

export function serveClient(ws: Socket, service: CoreService, bp: Backpressure = DEFAULT_BACKPRESSURE): void {
  const held = new EventCoalescer();
  let timer: ReturnType<typeof setInterval> | undefined;
  const OPEN = 1;

  const send = (message: WsServerMessage) => {
    if (ws.readyState === OPEN) ws.send(JSON.stringify(message));
  };

  const drainHeld = () => {
    if (ws.readyState !== OPEN) return stopPolling();
    if (ws.bufferedAmount > bp.lowWater) return;
    stopPolling();
    const events = held.take();
    if (events.length > 0) send({ t: 'events', events });
  };
  const stopPolling = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };

  const onEvents = (events: PortholeEvent[]) => {
    if (timer === undefined && ws.bufferedAmount <= bp.highWater) {
      send({ t: 'events', events });
      return;
    }
    held.add(events);
    timer ??= setInterval(drainHeld, bp.pollMs);
  };
  const unsubscribe = service.onEvents(onEvents);

  ws.on('message', (data, isBinary) => {
    let message: { t?: unknown; n?: unknown; cmd?: unknown; args?: unknown };
    try {
      if (isBinary) throw new Error('binary');
      message = JSON.parse(data.toString());
    } catch {
      ws.close(1003, 'messages must be JSON text');
      return;
    }
    if (typeof message !== 'object' || message === null || message.t !== 'invoke' || !Number.isSafeInteger(message.n)) {
      ws.close(1008, 'unknown message');
      return;
    }
    const n = message.n as number;
    const cmd = typeof message.cmd === 'string' ? message.cmd : '';
    const problem = validateArgs(cmd, message.args);
    if (problem) {
      send({ t: 'result', n, error: problem });
      return;
    }
    // validateArgs has checked the name and the shape.
    const invoke = service.invoke as (c: string, a: unknown) => Promise<unknown>;
    invoke.call(service, cmd, message.args ?? null).then(
      (result) => send({ t: 'result', n, result: result ?? null }),
      (err: unknown) => send({ t: 'result', n, error: err instanceof Error ? err.message : String(err) }),
    );
  });

  ws.on('close', () => {
    stopPolling();
    unsubscribe();
  });
}
