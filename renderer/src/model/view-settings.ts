/**
 * How the transcript is shown: line wrapping, text size and what the time column
 * says. Kept in localStorage so a reload (or the next start) looks the same; a
 * stored value that is missing or malformed falls back to the default.
 */
import { useSyncExternalStore } from 'react';

export type TimeMode = 'absolute' | 'relative' | 'delta';

export interface ViewSettings {
  wrap: boolean;
  /** Transcript font size in CSS pixels. */
  fontPx: number;
  timeMode: TimeMode;
  /** The time column is shown. */
  showTime: boolean;
}

export const FONT_MIN = 9;
export const FONT_MAX = 28;
export const FONT_DEFAULT = 13;
export const TIME_MODES: readonly TimeMode[] = ['absolute', 'relative', 'delta'];
export const DEFAULTS: ViewSettings = { wrap: false, fontPx: FONT_DEFAULT, timeMode: 'absolute', showTime: false };

const KEY = 'porthole.view';

/** Row height for a font size: 20 px at the default 13 px, as the line height of the text. */
export function rowPxFor(fontPx: number): number {
  return Math.ceil(fontPx * 1.5);
}

export function clampFont(px: number): number {
  if (!Number.isFinite(px)) return FONT_DEFAULT;
  return Math.min(FONT_MAX, Math.max(FONT_MIN, Math.round(px)));
}

/** Settings from their stored form; anything unreadable is the default. */
export function parseSettings(stored: string | null): ViewSettings {
  if (!stored) return { ...DEFAULTS };
  let v: unknown;
  try {
    v = JSON.parse(stored);
  } catch {
    return { ...DEFAULTS };
  }
  if (!v || typeof v !== 'object') return { ...DEFAULTS };
  const o = v as Record<string, unknown>;
  return {
    wrap: typeof o.wrap === 'boolean' ? o.wrap : DEFAULTS.wrap,
    fontPx: typeof o.fontPx === 'number' ? clampFont(o.fontPx) : DEFAULTS.fontPx,
    timeMode: TIME_MODES.includes(o.timeMode as TimeMode) ? (o.timeMode as TimeMode) : DEFAULTS.timeMode,
    showTime: typeof o.showTime === 'boolean' ? o.showTime : DEFAULTS.showTime,
  };
}

function load(): ViewSettings {
  try {
    return parseSettings(globalThis.localStorage?.getItem(KEY) ?? null);
  } catch {
    // Storage can be refused (privacy settings): the defaults still work.
    return { ...DEFAULTS };
  }
}

let current: ViewSettings | null = null;
const listeners = new Set<() => void>();

export function viewSettings(): ViewSettings {
  current ??= load();
  return current;
}

export function updateViewSettings(change: Partial<ViewSettings>): void {
  const next = { ...viewSettings(), ...change };
  next.fontPx = clampFont(next.fontPx);
  current = next;
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(next));
  } catch {
    // Not remembered, but still applied.
  }
  for (const l of listeners) l();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useViewSettings(): ViewSettings {
  return useSyncExternalStore(subscribe, viewSettings);
}

/** The font change a key press asks for (Ctrl/⌘ with +, =, −, 0, main row or keypad), else null. */
export function fontKey(e: { key: string; code: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): 'bigger' | 'smaller' | 'reset' | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  if (e.key === '+' || e.key === '=' || e.code === 'NumpadAdd') return 'bigger';
  if (e.key === '-' || e.key === '_' || e.code === 'NumpadSubtract') return 'smaller';
  if (e.key === '0' || e.code === 'Numpad0' || e.code === 'Digit0') return 'reset';
  return null;
}

const pad = (v: number, w = 2) => String(v).padStart(w, '0');

/** A duration as [+]H:MM:SS.mmm (hours only when there are any). */
export function formatDuration(ms: number, sign = false): string {
  const neg = ms < 0;
  let t = Math.round(Math.abs(ms));
  const milli = t % 1000;
  t = Math.floor(t / 1000);
  const s = t % 60;
  t = Math.floor(t / 60);
  const m = t % 60;
  const h = Math.floor(t / 60);
  const body = `${h > 0 ? `${h}:${pad(m)}` : pad(m)}:${pad(s)}.${pad(milli, 3)}`;
  return `${neg ? '−' : sign ? '+' : ''}${body}`;
}
