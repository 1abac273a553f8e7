/**
 * A dialog's channel over a live session (a replay in the window): the program's output
 * is what the session receives, and replies are sent as the session's own (recorded as
 * "auto" rows), so the transcript shows the whole conversation as it happened.
 */
import type { LineEndingName } from '../../../shared/dialog.ts';
import type { ExitStatus } from '../../../shared/types.ts';
import type { Session } from '../session.ts';
import type { Channel } from './replay-channel.ts';

/** Events kept for a listener not yet registered, at most (output before the replay listens). */
const MAX_EARLY = 4096;

type Ev = { kind: 'out' | 'err'; data: Buffer } | { kind: 'end' } | { kind: 'exit'; status: ExitStatus };

export function sessionChannel(session: Session): Channel {
  const out: ((d: Buffer) => void)[] = [];
  const err: ((d: Buffer) => void)[] = [];
  const end: (() => void)[] = [];
  const exit: ((s: ExitStatus) => void)[] = [];
  const early: Ev[] = [];
  let ended = false;
  let exited = false;
  let disposed = false;
  const deliver = (e: Ev): boolean => {
    if (e.kind === 'out' && out.length) out.forEach((f) => f(e.data));
    else if (e.kind === 'err' && err.length) err.forEach((f) => f(e.data));
    else if (e.kind === 'end' && end.length) end.forEach((f) => f());
    else if (e.kind === 'exit' && exit.length) exit.forEach((f) => f(e.status));
    else return false;
    return true;
  };
  const emit = (e: Ev) => {
    if (disposed) return;
    if (e.kind === 'end') {
      if (ended) return;
      ended = true;
    }
    if (e.kind === 'exit') {
      if (exited) return;
      exited = true;
    }
    if (!deliver(e) && early.length < MAX_EARLY) early.push(e);
  };
  const flushEarly = () => {
    for (let i = 0; i < early.length; ) {
      if (deliver(early[i])) early.splice(i, 1);
      else i++;
    }
  };
  // On a terminal the program has one stream; piped, only stdout is compared (as `porthole replay` does).
  const kindOf = (k: 'out' | 'err'): 'out' | 'err' => (session.pty ? 'out' : k);

  // What arrived before the replay could listen (a connect-out session is handed over a moment after it connects).
  const store = session.store;
  const rows = store.rows(0, store.count);
  for (const r of rows) {
    if (r.kind !== 'out' && r.kind !== 'err') continue;
    emit({ kind: kindOf(r.kind), data: store.codec.encode(r.text + (r.open ? '' : '\n')) });
  }
  if (session.state !== 'live') emit({ kind: 'end' });
  if (session.exit) emit({ kind: 'exit', status: session.exit });

  const unwatch = session.watch({
    output: (kind, bytes) => emit({ kind: kindOf(kind), data: bytes }),
    ended: () => emit({ kind: 'end' }),
    exited: (s) => emit({ kind: 'exit', status: s }),
    closed: () => emit({ kind: 'end' }),
  });

  return {
    get pid() {
      return session.pid;
    },
    onOut: (cb) => {
      out.push(cb);
      flushEarly();
    },
    onErr: (cb) => {
      err.push(cb);
      flushEarly();
    },
    onEnd: (cb) => {
      end.push(cb);
      flushEarly();
    },
    onExit: (cb) => {
      exit.push(cb);
      flushEarly();
    },
    write: (bytes) => {
      const text = store.codec.decode(bytes);
      const ending: LineEndingName = text.endsWith('\r\n') ? 'crlf' : text.endsWith('\n') ? 'lf' : 'none';
      session.send(text.slice(0, text.length - { crlf: 2, lf: 1, none: 0 }[ending]), ending, true);
    },
    reply: (text, ending) => {
      if (session.state === 'closed') return;
      session.send(text, ending, true);
    },
    closeInput: () => {
      if (session.state !== 'closed' && !session.eofSent) session.sendEof();
    },
    dispose: () => {
      disposed = true;
      early.length = 0;
      unwatch();
    },
  };
}
