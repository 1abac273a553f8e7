import { describe, expect, it } from 'vitest';
import type { PortholeEvent, Row, SessionInfo } from '../../shared/types.ts';
import { EventCoalescer } from './event-coalescer.ts';

const session = (id: number, rows: number): SessionInfo => ({
  id, name: `s${id}`, peer: '127.0.0.1:1', origin: 'accepted', state: 'live', readOnly: false,
  encoding: 'utf-8', rows, bytesIn: 0, bytesOut: 0, linesIn: rows, linesOut: 0, queuedBytes: 0,
  startedAt: 1, eofSent: false, key: `k${id}`, undeliveredReplies: 0,
});

const row = (index: number): Row => ({ index, kind: 'out', text: `r${index}`, time: 0, cont: false, open: false });
const rows = (id: number, count: number, changedFrom: number): PortholeEvent =>
  ({ type: 'rows', id, count, changedFrom, tail: [row(count - 1)] });

describe('EventCoalescer', () => {
  const cases: { name: string; input: PortholeEvent[]; output: PortholeEvent[] }[] = [
    {
      name: 'keeps the latest rows event per session, refetching from the earliest change',
      input: [rows(1, 10, 5), rows(2, 3, 0), rows(1, 20, 10)],
      output: [rows(2, 3, 0), rows(1, 20, 5)],
    },
    {
      name: 'keeps the latest session state per id',
      input: [{ type: 'session', session: session(1, 1) }, { type: 'session', session: session(2, 1) }, { type: 'session', session: session(1, 9) }],
      output: [{ type: 'session', session: session(2, 1) }, { type: 'session', session: session(1, 9) }],
    },
    {
      name: 'keeps only the latest listener and connect lists',
      input: [
        { type: 'listeners', listeners: [] },
        { type: 'connects', connects: [] },
        { type: 'listeners', listeners: [{ id: 1, kind: 'tcp', addresses: ['127.0.0.1:1'], state: 'listening', exposed: false }] },
      ],
      output: [
        { type: 'connects', connects: [] },
        { type: 'listeners', listeners: [{ id: 1, kind: 'tcp', addresses: ['127.0.0.1:1'], state: 'listening', exposed: false }] },
      ],
    },
    {
      name: 'keeps the latest progress of each search',
      input: [
        { type: 'search', searchId: 1, id: 1, matches: 1, rows: 1, done: false },
        { type: 'search', searchId: 2, id: 1, matches: 0, rows: 0, done: true },
        { type: 'search', searchId: 1, id: 1, matches: 5, rows: 4, done: true },
      ],
      output: [
        { type: 'search', searchId: 2, id: 1, matches: 0, rows: 0, done: true },
        { type: 'search', searchId: 1, id: 1, matches: 5, rows: 4, done: true },
      ],
    },
    {
      name: 'keeps every notice, in order',
      input: [{ type: 'notice', level: 'info', message: 'a' }, rows(1, 1, 0), { type: 'notice', level: 'error', message: 'b' }],
      output: [{ type: 'notice', level: 'info', message: 'a' }, rows(1, 1, 0), { type: 'notice', level: 'error', message: 'b' }],
    },
  ];

  it.each(cases)('$name', ({ input, output }) => {
    const c = new EventCoalescer();
    // Split the input into two batches to show batches merge like single events.
    c.add(input.slice(0, 1));
    c.add(input.slice(1));
    expect(c.take()).toEqual(output);
    expect(c.take()).toEqual([]);
  });

  it('stays bounded under a flood', () => {
    const c = new EventCoalescer();
    for (let i = 1; i <= 100_000; i++) c.add([rows(i % 3, i, i - 1), { type: 'notice', level: 'info', message: String(i) }]);
    expect(c.size).toBeLessThanOrEqual(103);
    const out = c.take();
    expect(out.filter((e) => e.type === 'rows').map((e) => e.type === 'rows' && e.count).sort()).toEqual([100_000, 99_998, 99_999].sort());
    expect(out.at(-1)).toEqual({ type: 'notice', level: 'info', message: '100000' });
  });
});
