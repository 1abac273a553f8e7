import { describe, expect, it } from 'vitest';
import { sessionForKey, sessionForListKey, stepSession } from './session-keys.ts';

const k = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = { ctrlKey: true }) => ({
  key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods,
});
const order = [7, 3, 9, 4];

describe('session keys', () => {
  it.each([
    ['Ctrl+1 picks the first', k('1'), 9, 7],
    ['Ctrl+4 picks the fourth', k('4'), 7, 4],
    ['Ctrl+5 beyond the list picks nothing', k('5'), 7, null],
    ['Cmd+2 on a Mac', k('2', { metaKey: true }), 7, 3],
    ['Ctrl+PageDown: the next', k('PageDown'), 3, 9],
    ['Ctrl+PageDown from the last wraps to the first', k('PageDown'), 4, 7],
    ['Ctrl+PageUp from the first wraps to the last', k('PageUp'), 7, 4],
    ['Ctrl+PageUp with nothing selected: the last', k('PageUp'), null, 4],
    ['a plain 1 is typing, not a switch', k('1', {}), 7, null],
    ['Ctrl+Alt+1 is left alone', k('1', { ctrlKey: true, altKey: true }), 7, null],
    ['Ctrl+Shift+1 is left alone', k('1', { ctrlKey: true, shiftKey: true }), 7, null],
    ['Ctrl+F is not a session key', k('f'), 7, null],
  ])('%s', (_name, key, current, expected) => {
    expect(sessionForKey(key, order, current)).toBe(expected);
  });

  it('moves inside the list without wrapping', () => {
    expect(sessionForListKey('ArrowDown', order, 4)).toBe(4);
    expect(sessionForListKey('ArrowUp', order, 7)).toBe(7);
    expect(sessionForListKey('ArrowDown', order, 3)).toBe(9);
    expect(sessionForListKey('Home', order, 9)).toBe(7);
    expect(sessionForListKey('End', order, 9)).toBe(4);
    expect(sessionForListKey('x', order, 9)).toBe(null);
    expect(stepSession([], 1, 1, true)).toBe(null);
    expect(sessionForKey(k('1'), [], null)).toBe(null);
  });
});
