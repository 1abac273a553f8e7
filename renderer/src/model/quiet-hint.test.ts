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
    ['silent since connecting, not yet long', s({}), undefined, Q - 1, false, false],
    ['silent since connecting, long enough', s({}), undefined, Q, false, true],
    ['silent, but the person has typed to it (an input-only script)', s({}), 200, 200 + 10 * Q, false, false],
    ['printed, then waits quietly for input', s({ bytesIn: 10, lastInputAt: 100 }), undefined, 100 + 10 * Q, false, false],
    ['a prompt waits (open last row)', s({ bytesIn: 10, lastInputAt: 100 }), undefined, 100 + 10 * Q, true, false],
    ['waits for input right after the person sent something', s({ bytesIn: 10, lastInputAt: 100 }), 200, 200 + 10 * Q, false, false],
    ['output stopped at a whole stdio block, mid-line', s({ bytesIn: 8192, lastInputAt: 100 }), undefined, 100 + Q, true, true],
    ['output stopped at a whole stdio block, not yet long', s({ bytesIn: 8192, lastInputAt: 100 }), undefined, 100 + Q - 1, true, false],
    ['output stopped at a whole stdio block after a reply', s({ bytesIn: 4096 * 3, lastInputAt: 300 }), 200, 300 + Q, false, true],
    ['output of an odd length stopped mid-line', s({ bytesIn: 8191, lastInputAt: 100 }), undefined, 100 + 10 * Q, true, false],
    ['finished sending', s({ state: 'eof' }), undefined, 10 * Q, false, false],
    ['closed', s({ state: 'closed' }), undefined, 10 * Q, false, false],
    ['reopened from disk', s({ readOnly: true }), undefined, 10 * Q, false, false],
    ['on a pseudo-terminal, silent since starting', s({ pty: true }), undefined, 10 * Q, false, false],
    ['on a pseudo-terminal, stopped at a whole block', s({ pty: true, bytesIn: 8192, lastInputAt: 100 }), undefined, 100 + 10 * Q, true, false],
  ])('%s', (_name, session, sent, now, open, expected) => {
    expect(shouldHintBuffering(session, sent, now, open)).toBe(expected);
  });
});
