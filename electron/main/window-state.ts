/** The main window's size and position, remembered between runs in a small JSON file. */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface WindowState {
  bounds: Bounds;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1100, height: 720 };
const MIN = { width: 480, height: 320 };

export function loadWindowState(file: string): WindowState | null {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<WindowState>;
    const b = data.bounds;
    if (!b || ![b.x, b.y, b.width, b.height].every((n) => Number.isFinite(n))) return null;
    return { bounds: { x: b.x, y: b.y, width: b.width, height: b.height }, maximized: data.maximized === true };
  } catch {
    return null;
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  // Written whole then renamed, so a crash mid-write never leaves a broken file.
  writeFileSync(`${file}.tmp`, JSON.stringify(state));
  renameSync(`${file}.tmp`, file);
}

/**
 * Saved bounds, if enough of the window would still be on one of today's displays
 * (a monitor may have been unplugged); otherwise null, and the window opens centred.
 */
export function fitBounds(saved: Bounds, workAreas: readonly Bounds[]): Bounds | null {
  const width = Math.max(MIN.width, Math.round(saved.width));
  const height = Math.max(MIN.height, Math.round(saved.height));
  for (const area of workAreas) {
    const visibleW = Math.min(saved.x + width, area.x + area.width) - Math.max(saved.x, area.x);
    const visibleH = Math.min(saved.y + height, area.y + area.height) - Math.max(saved.y, area.y);
    // The title bar must be reachable: the top edge inside the area, and a good part visible.
    const topInside = saved.y >= area.y && saved.y < area.y + area.height - 40;
    if (topInside && visibleW >= Math.min(200, width) && visibleH >= 100) {
      return {
        x: Math.round(saved.x), y: Math.round(saved.y),
        width: Math.min(width, area.width), height: Math.min(height, area.height),
      };
    }
  }
  return null;
}
