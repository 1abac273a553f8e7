/**
 * Connecting a connect-out session again when its script listens again (a script that
 * is the listener, restarted): the same session goes on over the new connection, its
 * stream files and row numbers continuing. Attempts back off up to a few seconds and
 * go on until they succeed or are stopped; each holds at most one socket and one timer,
 * and both are released on success, stop, removal and shutdown.
 *
 * With `auto` on, a connection that ends (the script exited: its EOF arrives, and
 * Porthole closes its side too) is followed by attempts on their own.
 */
import net from 'node:net';
import type { ReconnectInfo } from '../../shared/types.ts';
import { formatAddress } from './listener.ts';
import { SessionError, type Session } from './session.ts';

export const FIRST_DELAY_MS = 200;
export const MAX_DELAY_MS = 5_000;
/** An attempt that neither connects nor fails within this long is abandoned (a host that drops packets). */
const ATTEMPT_TIMEOUT_MS = 5_000;

interface Entry {
  session: Session;
  host: string;
  port: number;
  auto: boolean;
  /** Waiting for the old connection to close before trying. */
  afterClose: boolean;
  timer: NodeJS.Timeout | null;
  socket: net.Socket | null;
  delay: number;
}

/** The next pause between attempts: growing by half each time, up to MAX_DELAY_MS. */
export function nextDelay(delay: number): number {
  return Math.min(MAX_DELAY_MS, Math.round(delay * 1.5));
}

export class Reconnects {
  private readonly entries = new Map<number, Entry>();

  constructor(private readonly hooks: {
    /** The session's reconnect state changed (its info is to be sent). */
    changed(s: Session): void;
    /** The session is live again over a new connection. */
    reattached(s: Session): void;
    /** Why no connection may be taken now (the connection limit), or null. */
    refusal?(): string | null;
  }) {}

  /** A connect-out session: it may be connected again to `host:port`. */
  register(s: Session, host: string, port: number, auto: boolean): void {
    this.entries.set(s.id, { session: s, host, port, auto, afterClose: false, timer: null, socket: null, delay: FIRST_DELAY_MS });
    this.publish(this.entries.get(s.id)!, { state: 'idle', attempts: 0 });
  }

  private entry(s: Session): Entry {
    const e = this.entries.get(s.id);
    if (!e) throw new SessionError(`session ${s.id} did not connect out to a script: there is nothing to connect again to`);
    if (s.readOnly) throw new SessionError(`session ${s.id} is a past session: it cannot connect again`);
    return e;
  }

  /** Connects again now (the Reconnect button); a connection still open is closed first. */
  now(s: Session): void {
    const e = this.entry(s);
    if (s.state === 'live') throw new SessionError(`session ${s.id} is still connected: there is nothing to connect again`);
    if (s.state !== 'closed') {
      // The script finished sending (it exited, most likely): this side closes, then the attempts begin.
      e.afterClose = true;
      this.publish(e, { state: 'trying', attempts: 0 });
      s.close();
      return;
    }
    e.delay = FIRST_DELAY_MS;
    this.attempt(e, 0);
  }

  setAuto(s: Session, on: boolean): void {
    const e = this.entry(s);
    e.auto = on;
    this.publish(e, {});
    if (on && s.state === 'closed' && e.timer === null && e.socket === null) this.now(s);
    else if (on && s.state === 'eof') this.onEof(s);
  }

  /** Stops trying (the person's Cancel); auto stays as chosen for the next time the connection ends. */
  stop(s: Session): void {
    const e = this.entry(s);
    e.afterClose = false;
    this.release(e);
    this.publish(e, { state: 'idle', nextAt: undefined });
  }

  /** The script finished sending: with auto on, Porthole closes its side so the connection ends and attempts follow. */
  onEof(s: Session): void {
    const e = this.entries.get(s.id);
    if (!e?.auto || s.eofSent) return;
    e.afterClose = true;
    s.store.note(`auto-reconnect: closing, to connect again to ${formatAddress(e.host, e.port)} once the script listens again`);
    s.close();
  }

  onClosed(s: Session): void {
    const e = this.entries.get(s.id);
    if (!e || !(e.auto || e.afterClose)) return;
    e.afterClose = false;
    e.delay = FIRST_DELAY_MS;
    this.attempt(e, 0);
  }

  /** The session left the list. */
  drop(id: number): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.release(e);
    this.entries.delete(id);
  }

  close(): void {
    for (const id of [...this.entries.keys()]) this.drop(id);
  }

  private release(e: Entry): void {
    if (e.timer) clearTimeout(e.timer);
    e.timer = null;
    e.socket?.destroy();
    e.socket = null;
  }

  private attempt(e: Entry, attempts: number): void {
    this.release(e);
    const s = e.session;
    if (this.entries.get(s.id) !== e || s.state !== 'closed') return;
    const n = attempts + 1;
    const refused = this.hooks.refusal?.() ?? null;
    if (refused) return this.retryLater(e, n, refused);
    this.publish(e, { state: 'trying', attempts: n, nextAt: undefined });
    const socket = net.connect({ host: e.host, port: e.port, allowHalfOpen: true, noDelay: true });
    e.socket = socket;
    socket.setTimeout(ATTEMPT_TIMEOUT_MS, () => socket.destroy(new Error('no answer')));
    socket.once('error', (err: NodeJS.ErrnoException) => {
      socket.destroy();
      if (e.socket !== socket) return;
      e.socket = null;
      this.retryLater(e, n, err.code === 'ECONNREFUSED' ? 'nothing is listening there yet' : err.code === 'ENOTFOUND' ? 'unknown host' : err.message);
    });
    socket.once('connect', () => {
      if (e.socket !== socket) return socket.destroy();
      socket.setTimeout(0);
      socket.removeAllListeners('error');
      socket.removeAllListeners('timeout');
      e.socket = null;
      e.delay = FIRST_DELAY_MS;
      try {
        s.reattach(socket, `reconnected to ${formatAddress(e.host, e.port)}`);
      } catch {
        socket.destroy();
        return;
      }
      this.publish(e, { state: 'idle', attempts: 0, nextAt: undefined, error: undefined });
      this.hooks.reattached(s);
    });
  }

  private retryLater(e: Entry, attempts: number, why: string): void {
    const wait = e.delay;
    e.delay = nextDelay(e.delay);
    e.timer = setTimeout(() => {
      e.timer = null;
      this.attempt(e, attempts);
    }, wait);
    this.publish(e, { state: 'trying', attempts, nextAt: Date.now() + wait, error: why });
  }

  private publish(e: Entry, change: Partial<ReconnectInfo>): void {
    const before = e.session.reconnect;
    e.session.reconnect = {
      target: formatAddress(e.host, e.port),
      state: 'idle',
      attempts: 0,
      ...before,
      ...change,
      auto: e.auto,
    };
    // Undefined fields are left out, so the info compares and serialises cleanly.
    for (const k of Object.keys(e.session.reconnect) as (keyof ReconnectInfo)[]) {
      if (e.session.reconnect[k] === undefined) delete e.session.reconnect[k];
    }
    this.hooks.changed(e.session);
  }
}
