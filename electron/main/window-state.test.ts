import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitBounds, loadWindowState, saveWindowState } from './window-state.ts';

const screen = { x: 0, y: 0, width: 1920, height: 1040 };
const right = { x: 1920, y: 0, width: 1280, height: 1000 };

describe('fitBounds', () => {
  it.each([
    { name: 'on screen', saved: { x: 100, y: 50, width: 900, height: 600 }, areas: [screen], out: { x: 100, y: 50, width: 900, height: 600 } },
    { name: 'on a second display', saved: { x: 2000, y: 100, width: 800, height: 600 }, areas: [screen, right], out: { x: 2000, y: 100, width: 800, height: 600 } },
    { name: 'display unplugged', saved: { x: 2000, y: 100, width: 800, height: 600 }, areas: [screen], out: null },
    { name: 'title bar above the screen', saved: { x: 100, y: -300, width: 800, height: 600 }, areas: [screen], out: null },
    { name: 'larger than the screen', saved: { x: 0, y: 0, width: 5000, height: 3000 }, areas: [screen], out: { x: 0, y: 0, width: 1920, height: 1040 } },
    { name: 'tiny', saved: { x: 10, y: 10, width: 5, height: 5 }, areas: [screen], out: { x: 10, y: 10, width: 480, height: 320 } },
  ])('$name', ({ saved, areas, out }) => {
    expect(fitBounds(saved, areas)).toEqual(out);
  });
});

describe('window state file', () => {
  it('round-trips, and reads a broken or missing file as nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'porthole-win-'));
    const file = join(dir, 'window-state.json');
    expect(loadWindowState(file)).toBeNull();
    const state = { bounds: { x: 1, y: 2, width: 800, height: 600 }, maximized: true };
    saveWindowState(file, state);
    expect(loadWindowState(file)).toEqual(state);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(state);
    writeFileSync(file, '{"bounds": {"x": "1"');
    expect(loadWindowState(file)).toBeNull();
    writeFileSync(file, '{"bounds": {"x": 1, "y": 2, "width": null, "height": 3}}');
    expect(loadWindowState(file)).toBeNull();
  });
});
