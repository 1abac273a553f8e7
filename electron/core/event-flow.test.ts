import { describe, expect, it } from 'vitest';
import type { PortholeEvent, SessionInfo } from '../../shared/types.ts';
import { EventFlow } from './event-flow.ts';

const rows = (id: number, count: number): PortholeEvent => ({ type: 'rows', id, count, changedFrom: count - 1, tail: [] });
const notice = (message: string): PortholeEvent => ({ type: 'notice', level: 'info', message });

function flow(credit = 2) {
  const sent: PortholeEvent[][] = [];
  let accept = true;
  const f = new EventFlow({ send: (e) => (accept ? void sent.push(e) : false), credit });
  return { f, sent, refuse: (v: boolean) => (accept = !v) };
}

describe('EventFlow', () => {
  it('holds everything until the face starts listening, then sends it as one batch', () => {
    const { f, sent } = flow();
    f.push([rows(1, 10)]);
    f.push([rows(1, 20), notice('hi')]);
    expect(sent).toEqual([]);
    f.start();
    // Coalesced: the latest count, changed from the lowest row either batch changed.
    expect(sent).toEqual([[{ ...rows(1, 20), changedFrom: 9 }, notice('hi')]]);
  });

  it('sends at once while there is credit; without it, coalesces to the latest state until an acknowledgement', () => {
    const { f, sent } = flow(2);
    f.start();
    f.push([rows(1, 1)]);
    f.push([rows(1, 2)]);
    expect(sent).toHaveLength(2);
    for (let n = 3; n <= 1000; n++) f.push([rows(1, n), rows(2, n)]);
    expect(sent).toHaveLength(2);
    expect(f.heldSize).toBe(2);
    f.ack();
    expect(sent[2]).toEqual([{ ...rows(1, 1000), changedFrom: 2 }, { ...rows(2, 1000), changedFrom: 2 }]);
    f.ack();
    f.ack();
    expect(f.unacknowledged).toBe(0);
    f.push([rows(1, 1001)]);
    expect(sent).toHaveLength(4);
  });

  it('keeps notices (they are not state) and the order of subjects', () => {
    const { f, sent } = flow(1);
    f.start();
    f.push([notice('a')]);
    f.push([notice('b'), rows(1, 5)]);
    f.push([notice('c'), rows(1, 6)]);
    f.ack();
    expect(sent[1]).toHaveLength(3);
    expect(sent[1]).toEqual(expect.arrayContaining([notice('b'), notice('c'), { ...rows(1, 6), changedFrom: 4 }]));
  });

  it('a page that reloads starts with full credit and gets what was held meanwhile', () => {
    const { f, sent } = flow(2);
    f.start();
    f.push([rows(1, 1)]);
    f.push([rows(1, 2)]);
    f.stop();
    f.push([rows(1, 3)]);
    expect(sent).toHaveLength(2);
    f.start();
    expect(sent[2]).toEqual([rows(1, 3)]);
    expect(f.unacknowledged).toBe(1);
  });

  it('a transport that cannot send now keeps the batch for the next drain', () => {
    const { f, sent, refuse } = flow(2);
    f.start();
    refuse(true);
    f.push([rows(1, 1)]);
    expect(f.heldSize).toBe(1);
    refuse(false);
    f.drain();
    expect(sent).toEqual([[rows(1, 1)]]);
  });

  it('stays bounded whatever a stalled face is sent', () => {
    const { f } = flow(2);
    f.start();
    const session = (id: number) => ({ type: 'session', session: { id } as SessionInfo }) as PortholeEvent;
    for (let i = 0; i < 100_000; i++) f.push([rows(i % 10, i), session(i % 10)]);
    expect(f.heldSize).toBeLessThanOrEqual(20);
  });
});
