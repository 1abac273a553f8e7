import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { PortholeEvent } from '../../shared/types.ts';
import type { WsServerMessage } from '../../shared/ws-protocol.ts';
import { serveClient } from './ws-client.ts';
import { createFakeService } from './testing/fake-service.ts';

/** A WebSocket whose unsent byte count the test controls. */
class SlowSocket extends EventEmitter {
  readyState = 1;
  bufferedAmount = 0;
  sent: WsServerMessage[] = [];
  send(data: string) {
    this.sent.push(JSON.parse(data));
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

      service.emit([rows(1, 502)]);
      expect(ws.sent).toHaveLength(3);
      ws.close();
      expect(service.listenerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
