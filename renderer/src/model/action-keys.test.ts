import { describe, expect, it } from 'vitest';
import { ACTION_KEYS, actionForKey, withKey } from './action-keys.ts';

const key = (code: string, mods: Partial<Record<'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey', boolean>> = {}) =>
  ({ altKey: true, ctrlKey: false, metaKey: false, shiftKey: false, code, ...mods });

describe('action shortcuts', () => {
  it('maps each Alt shortcut to its action, and nothing else', () => {
    expect(actionForKey(key('KeyN'))).toBe('run');
    expect(actionForKey(key('KeyR', { shiftKey: true }))).toBe('runAgain');
    // Alt+R alone is Reconnect's, Alt+Z wrap's: not taken here.
    expect(actionForKey(key('KeyR'))).toBeNull();
    expect(actionForKey(key('KeyZ'))).toBeNull();
    expect(actionForKey(key('KeyN', { altKey: false }))).toBeNull();
    expect(actionForKey(key('KeyN', { ctrlKey: true }))).toBeNull();
  });

  it('has one action per key, and says the key in tooltips', () => {
    const combos = Object.values(ACTION_KEYS).map((k) => `${k.code}${k.shift}`);
    expect(new Set(combos).size).toBe(combos.length);
    expect(withKey('Plot the numbers', 'plot')).toBe('Plot the numbers (Alt+P)');
  });
});
