import { describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../shared/types.ts';
import { groupSessions, listOrder, moveStop, programOf, runNumbers, visibleStops } from './session-groups.ts';

let clock = 1_000;
function session(id: number, over: Partial<SessionInfo> = {}): SessionInfo {
  return {
    id, name: `127.0.0.1:${40000 + id}`, peer: `127.0.0.1:${40000 + id}`, origin: 'accepted', state: 'live', readOnly: false,
    encoding: 'utf-8', rows: 0, bytesIn: 0, bytesOut: 0, linesIn: 0, linesOut: 0, queuedBytes: 0, startedAt: (clock += 10),
    eofSent: false, key: `k${id}`, undeliveredReplies: 0, ...over,
  };
}

describe('grouping sessions by program', () => {
  const a1 = session(1, { name: 'app.py', program: 'app.py' });
  const b1 = session(2, { name: 'worker.py', program: 'worker.py' });
  const a2 = session(3, { name: 'login test', program: 'app.py' });
  const anon = session(4);
  const c1 = session(5, { origin: 'connected', peer: '127.0.0.1:9000', name: '127.0.0.1:9000' });
  const c2 = session(6, { origin: 'connected', peer: '127.0.0.1:9000', name: '127.0.0.1:9000' });
  const a3 = session(7, { name: 'app.py', program: 'app.py' });
  const all = [a3, c2, b1, a1, anon, c1, a2];

  it('groups runs of one program, renamed ones included, in the order their first run arrived; runs oldest first', () => {
    const groups = groupSessions(all);
    expect(groups.map((g) => [g.program, g.sessions.map((s) => s.id)])).toEqual([
      ['app.py', [1, 3, 7]],
      ['worker.py', [2]],
      ['127.0.0.1:40004', [4]],
      ['127.0.0.1:9000', [5, 6]],
    ]);
    expect(listOrder(all)).toEqual([1, 3, 7, 2, 4, 5, 6]);
  });

  it('numbers each run within its group', () => {
    const runs = runNumbers(groupSessions(all));
    expect([runs.get(1), runs.get(3), runs.get(7), runs.get(2), runs.get(6)]).toEqual([1, 2, 3, 1, 2]);
  });

  it('names the program from the hello or the OS, else the address connected to, else the name', () => {
    expect(programOf(a2)).toBe('app.py');
    expect(programOf(c1)).toBe('127.0.0.1:9000');
    expect(programOf(anon)).toBe('127.0.0.1:40004');
  });

  it('the arrow keys go through headers and the sessions of open groups; a lone run has no header', () => {
    const groups = groupSessions(all);
    const open = visibleStops(groups, new Set());
    expect(open.map((s) => (s.kind === 'group' ? `[${s.program}]` : s.id))).toEqual(['[app.py]', 1, 3, 7, 2, 4, '[127.0.0.1:9000]', 5, 6]);
    const folded = visibleStops(groups, new Set(['app.py']));
    expect(folded.map((s) => (s.kind === 'group' ? `[${s.program}]` : s.id))).toEqual(['[app.py]', 2, 4, '[127.0.0.1:9000]', 5, 6]);
  });

  it.each([
    ['ArrowDown', 2, 3], ['ArrowDown', 5, 5], ['ArrowDown', -1, 0], ['ArrowUp', 2, 1], ['ArrowUp', 0, 0],
    ['Home', 4, 1], ['End', 1, 5], ['a', 1, null],
  ])('%s from %i goes to %s', (key, at, to) => {
    const stops = visibleStops(groupSessions(all), new Set(['app.py']));
    expect(moveStop(key as string, stops, at as number)).toBe(to);
  });
});
