import { describe, expect, it } from 'vitest';
import { clampFont, DEFAULTS, fontKey, formatDuration, parseSettings, rowPxFor } from './view-settings.ts';

const key = (k: string, code: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = { ctrlKey: true }) =>
  ({ key: k, code, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('view settings', () => {
  it.each([
    [null, DEFAULTS],
    ['', DEFAULTS],
    ['not json', DEFAULTS],
    ['[1,2]', DEFAULTS],
    ['{"wrap":true,"fontPx":16,"timeMode":"delta","showTime":true}', { wrap: true, fontPx: 16, timeMode: 'delta', showTime: true }],
    ['{"wrap":"yes","fontPx":400,"timeMode":"sideways","showTime":1}', { wrap: false, fontPx: 28, timeMode: 'absolute', showTime: false }],
    ['{"fontPx":-3}', { ...DEFAULTS, fontPx: 9 }],
  ])('parseSettings(%j)', (stored, expected) => {
    expect(parseSettings(stored)).toEqual(expected);
  });

  it.each([[13, 20], [9, 14], [16, 24], [28, 42]])('a %d px font has rows of %d px', (font, row) => {
    expect(rowPxFor(font)).toBe(row);
  });

  it.each([[Number.NaN, 13], [12.4, 12], [1, 9], [99, 28]])('clampFont(%d) = %d', (px, expected) => {
    expect(clampFont(px)).toBe(expected);
  });

  it.each([
    [key('=', 'Equal'), 'bigger'],
    [key('+', 'Equal'), 'bigger'],
    [key('+', 'NumpadAdd'), 'bigger'],
    [key('-', 'Minus'), 'smaller'],
    [key('-', 'NumpadSubtract'), 'smaller'],
    [key('0', 'Digit0'), 'reset'],
    [key('0', 'Numpad0'), 'reset'],
    [key('=', 'Equal', { metaKey: true }), 'bigger'],
    [key('=', 'Equal', {}), null],
    [key('=', 'Equal', { ctrlKey: true, altKey: true }), null],
    [key('z', 'KeyZ'), null],
  ])('fontKey(%j) = %s', (e, expected) => {
    expect(fontKey(e)).toBe(expected);
  });

  it.each([
    [0, true, '+00:00.000'],
    [1234, true, '+00:01.234'],
    [61_005, false, '01:01.005'],
    [3_600_000 + 2 * 60_000 + 3_000, true, '+1:02:03.000'],
    [-250, true, '−00:00.250'],
    [90 * 3_600_000, true, '+90:00:00.000'],
  ])('formatDuration(%d, sign %s) = %s', (ms, sign, expected) => {
    expect(formatDuration(ms, sign)).toBe(expected);
  });
});
