import { describe, expect, it } from 'vitest';
import type { CommandArgs, CommandName } from '../../../shared/contract.ts';
import { sendInPieces, splitText, withSendsInPieces } from './send-pieces.ts';

describe('splitText', () => {
  it('cuts into pieces of at most max, never inside a surrogate pair, losing nothing', () => {
    expect(splitText('abcdefg', 3)).toEqual(['abc', 'def', 'g']);
    expect(splitText('', 3)).toEqual(['']);
    expect(splitText('ab😀cd', 3)).toEqual(['ab', '😀c', 'd']);
    const text = '😀x'.repeat(1000) + 'é'.repeat(777);
    for (const max of [2, 3, 7, 64, 1000]) {
      const pieces = splitText(text, max);
      expect(pieces.join('')).toBe(text);
      for (const p of pieces) {
        expect(p.length).toBeLessThanOrEqual(max);
        expect(p).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
      }
    }
  });
});

function recorder(failAt = -1) {
  const calls: CommandArgs<'session:send'>[] = [];
  let attempts = 0;
  const invoke = async <K extends CommandName>(cmd: K, args: CommandArgs<K>) => {
    await new Promise((r) => setTimeout(r, Math.random() * 3));
    if (cmd !== 'session:send') return null as never;
    if (attempts++ === failAt) throw new Error('session 1 has ended');
    calls.push(args as CommandArgs<'session:send'>);
    return { queuedBytes: calls.length } as never;
  };
  return { calls, invoke };
}

describe('sendInPieces', () => {
  it('sends a short text as it is', async () => {
    const { calls, invoke } = recorder();
    await sendInPieces(invoke, { id: 1, text: 'hi', ending: 'crlf' }, 4);
    expect(calls).toEqual([{ id: 1, text: 'hi', ending: 'crlf' }]);
  });

  it('sends a long text in order, the ending only after the last piece', async () => {
    const { calls, invoke } = recorder();
    const result = await sendInPieces(invoke, { id: 3, text: 'abcdefghij', ending: 'lf' }, 4);
    expect(calls).toEqual([
      { id: 3, text: 'abcd', ending: 'none' }, { id: 3, text: 'efgh', ending: 'none' }, { id: 3, text: 'ij', ending: 'lf' },
    ]);
    expect(result).toEqual({ queuedBytes: 3 });
  });

  it('says how much went out when a piece fails', async () => {
    const { invoke } = recorder(2);
    await expect(sendInPieces(invoke, { id: 1, text: 'abcdefghij', ending: 'lf' }, 4)).rejects.toThrow('session 1 has ended (after 8 of 10 characters were sent)');
    const first = recorder(0);
    await expect(sendInPieces(first.invoke, { id: 1, text: 'abcdefghij', ending: 'lf' }, 4)).rejects.toThrow(/^session 1 has ended$/);
  });
});

describe('withSendsInPieces', () => {
  it('keeps sends in the order they were asked for, pieces and all', async () => {
    const { calls, invoke } = recorder();
    const wrapped = withSendsInPieces(invoke, 2);
    await Promise.all([
      wrapped('session:send', { id: 1, text: 'aaaaaa', ending: 'lf' }),
      wrapped('session:send', { id: 1, text: 'b', ending: 'lf' }),
      wrapped('session:send', { id: 1, text: 'cccc', ending: 'none' }),
    ]);
    expect(calls.map((c) => c.text + (c.ending === 'lf' ? '\n' : '')).join('')).toBe('aaaaaa\nb\ncccc');
  });

  it('passes other commands straight through, and a failed send does not block the next', async () => {
    const { calls, invoke } = recorder(0);
    const wrapped = withSendsInPieces(invoke, 2);
    await expect(wrapped('session:send', { id: 1, text: 'x', ending: 'lf' })).rejects.toThrow('ended');
    await wrapped('session:send', { id: 1, text: 'y', ending: 'lf' });
    expect(await wrapped('app:info', null)).toBeNull();
    expect(calls).toHaveLength(1);
  });
});
