import { describe, expect, it } from 'vitest';
import type { Row, SessionInfo } from '../../../shared/types.ts';
import { PROMPT_CHARS, shortPrompt, waitingPrompt, windowTitle } from './waiting.ts';

const session = (patch: Partial<SessionInfo> = {}): SessionInfo => ({
  id: 1, name: 's1', peer: '127.0.0.1:4000', origin: 'accepted', state: 'live', readOnly: false,
  encoding: 'utf-8', rows: 3, bytesIn: 0, bytesOut: 0, linesIn: 0, linesOut: 0, queuedBytes: 0,
  startedAt: 0, eofSent: false, key: 'k1', undeliveredReplies: 0, ...patch,
});
const row = (patch: Partial<Row> = {}): Row => ({ index: 2, kind: 'out', text: 'Name? ', time: 0, cont: false, open: true, ...patch });

describe('waitingPrompt', () => {
  it('an open row from the script is a prompt while replies can be sent', () => {
    expect(waitingPrompt(session(), row())).toBe('Name? ');
    expect(waitingPrompt(session(), row({ kind: 'err', text: '\x1b[1mPassword:\x1b[0m ' }))).toBe('Password: ');
    expect(waitingPrompt(session({ state: 'eof' }), row())).toBe('Name? ');
  });

  it.each([
    ['a finished line', session(), row({ open: false })],
    ['a sent row', session(), row({ kind: 'sent' })],
    ['a note', session(), row({ kind: 'note' })],
    ['a closed session', session({ state: 'closed' }), row()],
    ['after Send EOF', session({ eofSent: true }), row()],
    ['a past session', session({ readOnly: true }), row()],
    ['no row held', session(), undefined],
  ])('not for %s', (_what, s, r) => {
    expect(waitingPrompt(s, r)).toBeNull();
  });

  it('cuts long prompts without splitting a character', () => {
    expect(shortPrompt('x'.repeat(500))).toBe('x'.repeat(PROMPT_CHARS - 1) + '…');
    const emoji = shortPrompt('😀'.repeat(500));
    expect(Array.from(emoji)).toHaveLength(PROMPT_CHARS);
  });
});

describe('windowTitle', () => {
  it('counts waiting sessions', () => {
    expect(windowTitle(0)).toBe('Porthole');
    expect(windowTitle(1)).toBe('(1) Porthole');
    expect(windowTitle(12)).toBe('(12) Porthole');
  });
});
