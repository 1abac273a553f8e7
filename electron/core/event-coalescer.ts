/**
 * Holds events for a client that is not keeping up. Almost every event is absolute
 * state (the listener list, a session's counters, a session's row count and tail),
 * so only the latest of each kind per subject needs to reach a slow client: the
 * backlog stays bounded however fast scripts print.
 */
import type { PortholeEvent } from '../../shared/types.ts';

/** Notices are not state; keep only the most recent ones if a client stalls for long. */
const MAX_NOTICES = 100;

function keyOf(event: PortholeEvent, serial: number): string {
  switch (event.type) {
    case 'listeners': return 'listeners';
    case 'connects': return 'connects';
    case 'session': return `session:${event.session.id}`;
    // Keyed with the session's updates, so a removal comes after them and replaces them.
    case 'removed': return `session:${event.id}`;
    case 'rows': return `rows:${event.id}`;
    case 'search': return `search:${event.searchId}`;
    case 'filter': return `filter:${event.filterId}`;
    case 'notice': return `notice:${serial}`;
    case 'respond': return 'respond';
    case 'bookmarks': return `bookmarks:${event.id}`;
    case 'replay': return `replay:${event.replay.replayId}`;
  }
}

export class EventCoalescer {
  private pending = new Map<string, PortholeEvent>();
  private serial = 0;
  private notices: string[] = [];

  get size(): number {
    return this.pending.size;
  }

  add(events: readonly PortholeEvent[]): void {
    for (const event of events) this.addOne(event);
  }

  /** Everything held, oldest subject first; empties the coalescer. */
  take(): PortholeEvent[] {
    const events = [...this.pending.values()];
    this.pending.clear();
    this.notices = [];
    return events;
  }

  private addOne(event: PortholeEvent): void {
    const key = keyOf(event, this.serial++);
    let merged = event;
    const previous = this.pending.get(key);
    if (previous?.type === 'rows' && event.type === 'rows') {
      // The client must refetch everything either event said had changed.
      merged = { ...event, changedFrom: Math.min(previous.changedFrom, event.changedFrom) };
    }
    // Re-inserting moves the subject to the end, so the order of latest states is kept.
    this.pending.delete(key);
    this.pending.set(key, merged);
    if (event.type === 'notice') {
      this.notices.push(key);
      if (this.notices.length > MAX_NOTICES) this.pending.delete(this.notices.shift()!);
    }
  }
}
