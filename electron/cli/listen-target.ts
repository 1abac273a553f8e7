/**
 * Where a typed line goes in terminal mode: to the *current* session only. The current
 * session is the one the person last chose (`/use N`, `@N text`) while it can still be
 * sent to, or, failing that, the only session that can. A new session never takes
 * over, so a script that prints just before the person answers another script's
 * prompt cannot receive the answer.
 */
import { plainText } from '../../shared/display.ts';
import type { SessionInfo } from '../../shared/types.ts';

/** A session can be sent to: it is live here, not closed and not half-closed by the person. */
export function canSend(s: SessionInfo): boolean {
  return !s.readOnly && s.state !== 'closed' && !s.eofSent;
}

/** "[2] app.py" with everything the script supplied made inert. */
export function sessionLabel(s: SessionInfo): string {
  return `[${s.id}] ${plainText(s.name)}`;
}

export class Targets {
  private readonly sessions = new Map<number, SessionInfo>();
  private chosen: number | null = null;

  /** Records a session's latest details; says whether it is new. */
  update(info: SessionInfo): boolean {
    const isNew = !this.sessions.has(info.id);
    this.sessions.set(info.id, info);
    this.settle();
    return isNew;
  }

  get(id: number): SessionInfo | undefined {
    return this.sessions.get(id);
  }

  /** Ids of the sessions that can be sent to, in order. */
  live(): number[] {
    const ids: number[] = [];
    for (const s of this.sessions.values()) if (canSend(s)) ids.push(s.id);
    return ids;
  }

  /** The session a plain line goes to, or null when there is none (see notSentReason). */
  current(): number | null {
    const s = this.chosen === null ? undefined : this.sessions.get(this.chosen);
    return s && canSend(s) ? s.id : null;
  }

  /** Makes `id` current (the person chose it); the caller checks that it can be sent to. */
  choose(id: number): void {
    this.chosen = id;
  }

  /** Why a plain line was not sent. */
  notSentReason(): string {
    const live = this.live();
    if (live.length === 0) return 'no session is live (wait for a script to connect)';
    return `${live.length} sessions are live (${live.join(', ')}); choose one with /use N or @N text`;
  }

  /** When the chosen session can no longer be sent to and exactly one other can, that one is current. */
  private settle(): void {
    if (this.current() !== null) return;
    const live = this.live();
    if (live.length === 1) this.chosen = live[0];
  }
}
