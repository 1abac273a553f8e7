import { describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../shared/types.ts';
import { formatBytes, sendBlockedReason, stateLabel } from './format.ts';

const base: SessionInfo = {
  id: 1, name: 'app.py', peer: '127.0.0.1:5000', origin: 'accepted', state: 'live', readOnly: false,
  encoding: 'utf-8', rows: 0, bytesIn: 0, bytesOut: 0, linesIn: 0, linesOut: 0, queuedBytes: 0,
  startedAt: 0, eofSent: false, key: 'k', undeliveredReplies: 0,
};

describe('format', () => {
  it.each([[0, '0 B'], [1023, '1023 B'], [1536, '1.5 KiB'], [5 * 1024 * 1024, '5.0 MiB']])('formatBytes(%d)', (n, s) => {
    expect(formatBytes(n)).toBe(s);
  });

  it.each([
    [{}, 'live', null],
    [{ eofSent: true }, 'live (EOF sent)', 'You sent EOF: nothing more can be sent.'],
    [{ state: 'eof' }, 'finished sending', null],
    [{ state: 'closed' }, 'closed', 'Session closed: nothing more can be sent.'],
    [{ state: 'closed', exit: { code: 3, signal: null } }, 'closed (exit 3)', 'Session closed: nothing more can be sent.'],
    [{ state: 'closed', readOnly: true, origin: 'past' }, 'past', 'Past session: read-only.'],
  ] as const)('state %j', (patch, label, reason) => {
    const s = { ...base, ...patch } as SessionInfo;
    expect(stateLabel(s)).toBe(label);
    expect(sendBlockedReason(s)).toBe(reason);
  });
});
