import type { Row, SessionInfo } from '../../../shared/types.ts';
import { sendBlockedReason } from './format.ts';
import { rowView } from './row-view.ts';

/** Characters of a prompt shown in the session list, the reply area and notifications. */
export const PROMPT_CHARS = 160;

/**
 * The prompt a session is waiting at, or null: its last row is an unfinished line
 * from the script (`Name? ` without a newline) and replies can still be sent.
 */
export function waitingPrompt(s: SessionInfo, last: Row | undefined): string | null {
  if (!last || !last.open || (last.kind !== 'out' && last.kind !== 'err')) return null;
  if (sendBlockedReason(s)) return null;
  return shortPrompt(rowView(last).plain);
}

/** A prompt cut to PROMPT_CHARS characters, keeping its trailing space (it is part of the prompt). */
export function shortPrompt(plain: string): string {
  if (plain.length <= PROMPT_CHARS) return plain;
  const chars = Array.from(plain.slice(0, PROMPT_CHARS * 2));
  return chars.length <= PROMPT_CHARS && plain.length <= PROMPT_CHARS * 2 ? plain : chars.slice(0, PROMPT_CHARS - 1).join('') + '…';
}

/** The window's title: the number of sessions waiting for input first, so it shows in a taskbar or tab. */
export function windowTitle(waiting: number): string {
  return waiting > 0 ? `(${waiting}) Porthole` : 'Porthole';
}
