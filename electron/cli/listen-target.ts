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
/** What terminal mode keeps of a session: a few fields, so thousands of finished sessions cost little. */
export type SessionBrief = Pick<SessionInfo, 'id' | 'name' | 'peer' | 'state' | 'eofSent' | 'readOnly'>;

export function canSend(s: SessionBrief): boolean {
  return !s.readOnly && s.state !== 'closed' && !s.eofSent;
}

/** "[2] app.py" with everything the script supplied made inert. */
export function sessionLabel(s: SessionBrief): string {
  return `[${s.id}] ${plainText(s.name)}`;
}

export class Targets {
  private readonly sessions = new Map<number, SessionBrief>();
  /** Ids of the sessions that can be sent to (kept as they change: no scan of every session per event). */
  private readonly sendable = new Set<number>();
  private chosen: number | null = null;

  /** Records a session's latest details; says whether it is new. */
  update(info: SessionInfo): boolean {
    const isNew = !this.sessions.has(info.id);
    const brief: SessionBrief = { id: info.id, name: info.name, peer: info.peer, state: info.state, eofSent: info.eofSent, readOnly: info.readOnly };
    this.sessions.set(info.id, brief);
    if (canSend(brief)) this.sendable.add(info.id);
    else this.sendable.delete(info.id);
    this.settle();
    return isNew;
  }

  get(id: number): SessionBrief | undefined {
    return this.sessions.get(id);
  }

  /** Ids of the sessions that can be sent to, in order. */
  live(): number[] {
    return [...this.sendable].sort((a, b) => a - b);
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
    if (this.sendable.size === 1) this.chosen = this.sendable.values().next().value!;
  }
}
