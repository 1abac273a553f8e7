/** A session waiting for input, as the alerts see it. */
export interface WaitingSession {
  id: number;
  name: string;
  /** Identifies one prompt: the same text on a later row is a new prompt. */
  key: string;
  prompt: string;
}

export interface Alert {
  title: string;
  body: string;
  /** The session to show when the alert is clicked (absent when it covers several). */
  sessionId?: number;
}

export interface AlertOptions {
  /** A prompt must stay this long before it is announced (a long line still arriving is not a prompt). */
  settleMs: number;
  /** At least this long between two alerts; prompts arriving meanwhile are announced together. */
  minGapMs: number;
}

const MAX_REMEMBERED = 1_000;

/**
 * Decides when to tell the person, away from the window, that scripts are waiting:
 * each prompt once, only when the window is not in front, only after it has settled,
 * and never more often than one alert per `minGapMs`. Pure: the caller shows the alert
 * and calls `update` again after `recheckInMs`.
 */
export class PromptAlerts {
  private firstSeen = new Map<string, number>();
  private done = new Set<string>();
  private lastAlertAt = -Infinity;

  constructor(private readonly opts: AlertOptions = { settleMs: 800, minGapMs: 5_000 }) {}

  update(waiting: WaitingSession[], now: number, windowInFront: boolean): { alert?: Alert; recheckInMs?: number } {
    const current = new Set(waiting.map((w) => w.key));
    for (const key of this.firstSeen.keys()) if (!current.has(key)) this.firstSeen.delete(key);
    for (const key of this.done) if (!current.has(key)) this.done.delete(key);
    for (const w of waiting) if (!this.firstSeen.has(w.key)) this.firstSeen.set(w.key, now);
    if (windowInFront) {
      // Seen in the window: nothing to announce later.
      for (const w of waiting) if (this.done.size < MAX_REMEMBERED) this.done.add(w.key);
      return {};
    }
    const pending = waiting.filter((w) => !this.done.has(w.key));
    if (pending.length === 0) return {};
    const ready = pending.filter((w) => now - this.firstSeen.get(w.key)! >= this.opts.settleMs);
    const nextSettle = Math.min(...pending.map((w) => this.firstSeen.get(w.key)! + this.opts.settleMs - now));
    if (ready.length === 0) return { recheckInMs: Math.max(1, nextSettle) };
    const gapLeft = this.lastAlertAt + this.opts.minGapMs - now;
    if (gapLeft > 0) return { recheckInMs: gapLeft };
    for (const w of ready) this.done.add(w.key);
    this.lastAlertAt = now;
    const later = pending.length > ready.length ? { recheckInMs: Math.max(this.opts.minGapMs, nextSettle) } : {};
    if (ready.length === 1) {
      const w = ready[0];
      return { alert: { title: `${w.name} is waiting for input`, body: w.prompt, sessionId: w.id }, ...later };
    }
    return {
      alert: { title: `${ready.length} scripts are waiting for input`, body: ready.map((w) => `${w.name}: ${w.prompt}`).join('\n') },
      ...later,
    };
  }
}
