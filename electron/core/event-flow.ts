/**
 * The one batching step between the core and a face, with flow control both faces
 * share. The core already batches (one update per session per 16 ms); a face is sent
 * each batch at once while it has credit, and spends one credit per batch until it
 * acknowledges having drawn it. Without credit, batches coalesce into the latest state
 * (EventCoalescer), which goes out with the next acknowledgement: a slow window or a
 * background tab is sent where things stand, never a backlog. (The same idea as
 * Tabby's acknowledged PTY data queue and VS Code's high/low-water marks.)
 */
import type { PortholeEvent } from '../../shared/types.ts';
import { EventCoalescer } from './event-coalescer.ts';

/** Batches a face may hold unacknowledged: one being drawn and one on its way. */
export const DEFAULT_CREDIT = 2;

export interface EventFlowOptions {
  /** Delivers one batch to the face; returns false if it could not be sent now (it is kept). */
  send(events: PortholeEvent[]): boolean | void;
  credit?: number;
}

export class EventFlow {
  private readonly held = new EventCoalescer();
  private inFlight = 0;
  private open = false;
  private readonly credit: number;

  constructor(private readonly opts: EventFlowOptions) {
    this.credit = opts.credit ?? DEFAULT_CREDIT;
  }

  /** Batches sent and not yet acknowledged. */
  get unacknowledged(): number {
    return this.inFlight;
  }

  /** Events held for the face (coalesced). */
  get heldSize(): number {
    return this.held.size;
  }

  push(events: PortholeEvent[]): void {
    if (events.length === 0) return;
    if (this.open && this.held.size === 0 && this.inFlight < this.credit) {
      if (this.opts.send(events) !== false) {
        this.inFlight++;
        return;
      }
    }
    this.held.add(events);
  }

  /** The face has drawn a batch. */
  ack(): void {
    if (this.inFlight > 0) this.inFlight--;
    this.drain();
  }

  /** Sends what is held if there is credit (also called when a busy transport frees up). */
  drain(): void {
    if (!this.open || this.held.size === 0 || this.inFlight >= this.credit) return;
    const events = this.held.take();
    if (this.opts.send(events) === false) {
      this.held.add(events);
      return;
    }
    this.inFlight++;
  }

  /** The face is listening (again), with nothing outstanding: a reloaded page starts afresh. */
  start(): void {
    this.open = true;
    this.inFlight = 0;
    this.drain();
  }

  /** The face stopped listening (its page is reloading): hold, coalesced, until it starts again. */
  stop(): void {
    this.open = false;
    this.inFlight = 0;
  }

  dispose(): void {
    this.open = false;
    this.held.take();
  }
}
