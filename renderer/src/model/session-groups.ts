/**
 * The session list grouped by program: sessions of the same program (its hello name,
 * or the script the OS named, or for a connect-out session the address it connects
 * to) sit together under one header with their count, each numbered by run (#1 the
 * oldest). Groups come in the order their first run arrived and runs oldest first,
 * so a new run is added at the end of its group and nothing above it moves. Pure, so
 * the order that Ctrl+1…9 and the arrow keys follow is testable.
 */
import type { SessionInfo } from '../../../shared/types.ts';

export interface SessionGroup {
  /** What the group is keyed and headed by. */
  program: string;
  /** Oldest run first. */
  sessions: SessionInfo[];
}

/** The program a session is a run of. */
export function programOf(s: SessionInfo): string {
  if (s.program) return s.program;
  // Connecting out again to the same address is the same script run again.
  if (s.origin === 'connected') return s.peer;
  return s.name;
}

const byAge = (a: SessionInfo, b: SessionInfo) => a.startedAt - b.startedAt || a.id - b.id;

export function groupSessions(sessions: readonly SessionInfo[]): SessionGroup[] {
  const groups = new Map<string, SessionGroup>();
  for (const s of [...sessions].sort(byAge)) {
    const program = programOf(s);
    let g = groups.get(program);
    if (!g) groups.set(program, (g = { program, sessions: [] }));
    g.sessions.push(s);
  }
  return [...groups.values()];
}

/** Each session's run number within its group (1 = the oldest). */
export function runNumbers(groups: readonly SessionGroup[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const g of groups) g.sessions.forEach((s, i) => out.set(s.id, i + 1));
  return out;
}

/** A group with a header: one of two runs or more. A lone run is shown by itself. */
export function hasHeader(g: SessionGroup): boolean {
  return g.sessions.length > 1;
}

/** Every session in list order (what Ctrl+1…9 and Ctrl+PageUp/PageDown follow, folded groups included). */
export function listOrder(sessions: readonly SessionInfo[]): number[] {
  return groupSessions(sessions).flatMap((g) => g.sessions.map((s) => s.id));
}

/** One stop of the list for the arrow keys: a group header or a session shown. */
export type ListStop = { kind: 'group'; program: string } | { kind: 'session'; id: number; program: string };

/** What the arrow keys move through: headers, and the sessions of groups not folded. */
export function visibleStops(groups: readonly SessionGroup[], folded: ReadonlySet<string>): ListStop[] {
  const out: ListStop[] = [];
  for (const g of groups) {
    const header = hasHeader(g);
    if (header) out.push({ kind: 'group', program: g.program });
    if (header && folded.has(g.program)) continue;
    for (const s of g.sessions) out.push({ kind: 'session', id: s.id, program: g.program });
  }
  return out;
}

export const stopKey = (s: ListStop): string => (s.kind === 'group' ? `g:${s.program}` : `s:${s.id}`);

/** The stop an arrow key, Home or End moves to from `at` (an index into `stops`, -1 for none), or null. */
export function moveStop(key: string, stops: readonly ListStop[], at: number): number | null {
  if (stops.length === 0) return null;
  switch (key) {
    case 'ArrowUp': return at <= 0 ? 0 : at - 1;
    case 'ArrowDown': return at < 0 ? 0 : Math.min(stops.length - 1, at + 1);
    // Home and End go to the first and last session (a header is reached with the arrows).
    case 'Home': return Math.max(0, stops.findIndex((s) => s.kind === 'session'));
    case 'End': return Math.max(0, stops.findLastIndex((s) => s.kind === 'session'));
    default: return null;
  }
}
