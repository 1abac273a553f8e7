import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../shared/limits.ts';
import type { SessionInfo } from '../../../shared/types.ts';
import { shouldHintBuffering } from './quiet-hint.ts';

const Q = LIMITS.quietHintMs;
const s = (patch: Partial<SessionInfo>): SessionInfo => ({
  id: 1, name: 'x', peer: 'p', origin: 'accepted', state: 'live', readOnly: false, encoding: 'utf-8',
  rows: 0, bytesIn: 0, bytesOut: 0, linesIn: 0, linesOut: 0, queuedBytes: 0, startedAt: 0,
  eofSent: false, key: 'k', undeliveredReplies: 0, ...patch,
});

describe('shouldHintBuffering', () => {
  it.each([
    ['silent since connecting, not yet long', s({}), undefined, Q - 1, false],
    ['silent since connecting, long enough', s({}), undefined, Q, true],
    ['printed, then waits quietly for input', s({ bytesIn: 10, lastInputAt: 100 }), undefined, 100 + 10 * Q, false],
    ['a reply got no answer for long', s({ bytesIn: 10, lastInputAt: 100 }), 200, 200 + Q, true],
    ['a reply, answer not yet overdue', s({ bytesIn: 10, lastInputAt: 100 }), 200, 200 + Q - 1, false],
    ['answered after the reply', s({ bytesIn: 20, lastInputAt: 300 }), 200, 300 + Q - 1, false],
    ['finished sending', s({ state: 'eof' }), undefined, 10 * Q, false],
    ['closed', s({ state: 'closed' }), undefined, 10 * Q, false],
  ])('%s', (_name, session, sent, now, expected) => {
    expect(shouldHintBuffering(session, sent, now)).toBe(expected);
  });
});
