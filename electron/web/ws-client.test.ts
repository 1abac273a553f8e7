import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { PortholeEvent } from '../../shared/types.ts';
import type { WsServerMessage } from '../../shared/ws-protocol.ts';
import { explainProtocolCloses, MAX_IN_FLIGHT, protocolCloseReason, serveClient } from './ws-client.ts';
import { createFakeService } from './testing/fake-service.ts';

/** A WebSocket whose unsent byte count the test controls. */
class SlowSocket extends EventEmitter {
  readyState = 1;
  bufferedAmount = 0;
  sent: WsServerMessage[] = [];
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  /** The page says it has drawn a batch. */
  ack() {
    this.emit('message', Buffer.from('{"t":"ack"}'), false);
  }
  close() {
    this.readyState = 3;
    this.emit('close');
  }
}

const rows = (id: number, count: number): PortholeEvent => ({ type: 'rows', id, count, changedFrom: count - 1, tail: [] });

describe('serveClient backpressure', () => {
  it('sends each batch at once while the socket keeps up, and coalesces while it is backed up', async () => {
    vi.useFakeTimers();
    try {
      const service = createFakeService();
      const ws = new SlowSocket();
      serveClient(ws as never, service, { highWater: 1000, lowWater: 100, pollMs: 10 });

      service.emit([rows(1, 1)]);
      expect(ws.sent).toEqual([{ t: 'events', events: [rows(1, 1)] }]);

      ws.bufferedAmount = 5000;
      for (let i = 2; i <= 500; i++) service.emit([rows(1, i), rows(2, i)]);
      await vi.advanceTimersByTimeAsync(50);
      expect(ws.sent).toHaveLength(1);

      // Below the high-water mark but above the low one: still held, so order is kept.
      ws.bufferedAmount = 500;
      service.emit([rows(1, 501)]);
      await vi.advanceTimersByTimeAsync(50);
      expect(ws.sent).toHaveLength(1);

      ws.bufferedAmount = 0;
      await vi.advanceTimersByTimeAsync(10);
      expect(ws.sent).toHaveLength(2);
      expect(ws.sent[1]).toEqual({
        t: 'events',
        events: [{ ...rows(2, 500), changedFrom: 1 }, { ...rows(1, 501), changedFrom: 1 }],
      });

      // Two batches sent, none acknowledged: the next waits for the page.
      service.emit([rows(1, 502)]);
      expect(ws.sent).toHaveLength(2);
      ws.ack();
      expect(ws.sent).toHaveLength(3);
      expect(ws.sent[2]).toEqual({ t: 'events', events: [rows(1, 502)] });
      ws.close();
      expect(service.listenerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('serveClient limits', () => {
  it('releases its poll timer and its subscription when the client goes, even with events held', async () => {
    vi.useFakeTimers();
    try {
      const service = createFakeService();
      const ws = new SlowSocket();
      serveClient(ws as never, service, { highWater: 1000, lowWater: 100, pollMs: 10 });
      ws.bufferedAmount = 5000;
      service.emit([rows(1, 1)]);
      expect(vi.getTimerCount()).toBe(1);
      ws.close();
      expect(vi.getTimerCount()).toBe(0);
      expect(service.listenerCount()).toBe(0);
      service.emit([rows(1, 2)]);
      expect(ws.sent).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it(`runs at most ${MAX_IN_FLIGHT} requests at once, and stops reading the client meanwhile`, async () => {
    const service = createFakeService();
    const release: (() => void)[] = [];
    service.override('session:list', () => new Promise((resolve) => release.push(() => resolve([]))));
    const ws = new SlowSocket();
    const paused: boolean[] = [];
    Object.assign(ws, { pause: () => paused.push(true), resume: () => paused.push(false) });
    serveClient(ws as never, service);
    for (let n = 0; n < MAX_IN_FLIGHT + 5; n++) ws.emit('message', Buffer.from(JSON.stringify({ t: 'invoke', n, cmd: 'session:list', args: null })), false);
    await vi.waitFor(() => expect(release).toHaveLength(MAX_IN_FLIGHT));
    expect(paused.at(-1)).toBe(true);
    // The waiting five start as the first ones finish.
    await vi.waitFor(() => {
      while (release.length > 0) release.shift()!();
      expect(ws.sent.filter((m) => m.t === 'result')).toHaveLength(MAX_IN_FLIGHT + 5);
    });
    expect(ws.sent.map((m) => (m.t === 'result' ? m.n : -1))).toEqual(Array.from({ length: MAX_IN_FLIGHT + 5 }, (_, i) => i));
    expect(paused.at(-1)).toBe(false);
    ws.close();
  });

  it('gives each protocol close the reason a client can act on', () => {
    const closes: [number | undefined, unknown][] = [];
    const ws = { close: (code?: number, reason?: unknown) => closes.push([code, reason]) };
    explainProtocolCloses(ws as never, 1234);
    ws.close(1009);
    ws.close(1002);
    ws.close(1007);
    ws.close(1000, 'bye');
    ws.close();
    expect(closes).toEqual([
      [1009, 'message too big: at most 1234 bytes'],
      [1002, expect.stringMatching(/^protocol error/)],
      [1007, 'text message is not valid UTF-8'],
      [1000, 'bye'],
      [undefined, undefined],
    ]);
    expect(protocolCloseReason(1009, 5)).toBe('message too big: at most 5 bytes');
  });
});

describe('serveClient after a bad message', () => {
  it('runs nothing that came after the message that closed the connection', async () => {
    const service = createFakeService();
    const ws = new SlowSocket();
    ws.close = function close(this: SlowSocket) {
      // Closing: no longer open, the 'close' event comes later.
      this.readyState = 2;
    };
    Object.assign(ws, { pause() {}, resume() {} });
    serveClient(ws as never, service);
    // Held back by a full socket, then released together.
    ws.bufferedAmount = 10 << 20;
    ws.emit('message', Buffer.from('{bad json'), false);
    ws.emit('message', Buffer.from(JSON.stringify({ t: 'invoke', n: 1, cmd: 'session:eof', args: { id: 1 } })), false);
    ws.bufferedAmount = 0;
    await new Promise((r) => setTimeout(r, 60));
    expect(ws.readyState).toBe(2);
    expect(service.calls).toEqual([]);
  });
});
