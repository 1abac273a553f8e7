/**
 * One connection: reads the socket continuously into the row store (never waiting
 * on a face), sends replies without blocking (they queue in the socket when the
 * script is not reading, up to a limit), and tracks the state live → eof (script
 * finished sending, still writable) → closed. A closed session holds no socket and
 * no descriptor; its rows stay readable.
 *
 * After EOF the script may be waiting for input (a half-close) or may have exited;
 * TCP cannot tell until something is sent. So a reply sent after EOF is followed by
 * empty writes that fail once the script's side has reset the connection: then the
 * reply is marked not delivered and the session closes saying why.
 */
import fs from 'node:fs';
import type net from 'node:net';
import path from 'node:path';
import type { Hello } from '../../shared/hello.ts';
import type { ExitStatus, LineEnding, ReconnectInfo, SessionInfo, SessionState } from '../../shared/types.ts';
import { codecFor, isKnownEncoding, normalizeEncoding } from './encoding.ts';
import { Intake } from './hello-parser.ts';
import { writeFileAtomic } from './atomic-file.ts';
import { RowStore } from './row-store.ts';

export interface SessionHooks {
  /** Rows or counters changed. */
  changed(session: Session): void;
  /** State, name or other details changed. */
  infoChanged(session: Session): void;
  closed(session: Session): void;
  /** The transcript stopped being written (why), or works again (null). */
  transcriptFault?(session: Session, message: string | null): void;
  /** A sleeping session was read back into memory. */
  woke?(session: Session): void;
}

export interface SessionOptions {
  id: number;
  key: string;
  dir: string;
  peer: string;
  origin: SessionInfo['origin'];
  listenerId?: number;
  encoding: string;
  maxLineBytes: number;
  hooks: SessionHooks;
  /** A past session reopened from disk. */
  readOnly?: boolean;
  /** Replies queued for a script that is not reading are refused beyond this many bytes. */
  maxQueuedBytes?: number;
}

const ENDINGS: Record<LineEnding, string> = { lf: '\n', crlf: '\r\n', none: '' };
const CLOSE_GRACE_MS = 500;
export const DEFAULT_MAX_QUEUED_BYTES = 16 * 1024 * 1024;
/** After a reply to a session in EOF, check at these delays whether the script reset the connection. */
const PROBE_DELAYS_MS = [20, 200, 1_000, 3_000];

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MiB`;
}

export class SessionError extends Error {}

/** A program Porthole started: enough to start it again. */
export interface SessionLaunch {
  argv: string[];
  cwd: string;
  pty: boolean;
  encoding?: string;
}

export interface SessionWatcher {
  /** The client's hello arrived (name, command, pid). */
  introduced?(): void;
  output?(kind: 'out' | 'err', bytes: Buffer): void;
  /** The script's side finished sending (EOF). */
  ended?(): void;
  /** The program's exit status arrived (framed clients). */
  exited?(status: ExitStatus): void;
  closed?(): void;
}

export class Session {
  readonly id: number;
  readonly key: string;
  readonly dir: string;
  readonly peer: string;
  readonly origin: SessionInfo['origin'];
  readonly listenerId?: number;
  private _store: RowStore | null;
  /** What info() needs while the store is asleep. */
  private summary: { count: number; bytes: RowStore['bytes']; linesIn: number; linesOut: number; encoding: string } | null = null;
  /** Last time the rows were used (closed sessions least recently used are put to sleep). */
  lastReadAt = 0;
  /** Where the name comes from: the peer's address, the OS (which process), the client's hello, or the person. */
  private namedBy: 'peer' | 'process' | 'hello' | 'person' = 'peer';
  private readonly maxLineBytes: number;
  name: string;
  /** The program's own name (hello or OS), kept when the person renames the session. */
  program?: string;
  /** Set by reconnect.ts for connect-out sessions. */
  reconnect?: ReconnectInfo;
  state: SessionState = 'live';
  eofSent = false;
  readonly startedAt: number;
  endedAt?: number;
  lastInputAt?: number;
  pid?: number;
  command?: string;
  exit?: ExitStatus;
  pty = false;
  echoOff = false;
  cwd?: string;
  /** Accepted TCP sessions: the listener address the script connected to. */
  local?: string;
  /** The folder the OS says a bare-socket script runs in (for saving it as a test). */
  peerCwd?: string;
  readOnly = false;
  undeliveredReplies = 0;
  transcriptError?: string;
  /** Set by respond.ts while auto-response rules exist; null costs the ingest path nothing. */
  onOutput: ((session: Session) => void) | null = null;
  /** The program as Porthole started it (Run…): what Run again starts. */
  launch?: SessionLaunch;
  /** Those following the session's output and its ends (a replay in the window); none costs the ingest path nothing. */
  private readonly watchers = new Set<SessionWatcher>();
  /** Last time anything happened on the connection (for closing the idlest half-closed ones). */
  lastActivityAt: number;
  private socket: net.Socket | null = null;
  private intake: Intake | null;
  private closeError: string | null = null;
  /** Offset in the sent stream where replies after the script's EOF begin (not yet confirmed read). */
  private unconfirmedFrom = -1;
  private probeTimer: NodeJS.Timeout | null = null;
  private readonly maxQueuedBytes: number;
  private readonly hooks: SessionHooks;

  constructor(opts: SessionOptions, startedAt = Date.now()) {
    this.id = opts.id;
    this.key = opts.key;
    this.dir = opts.dir;
    this.peer = opts.peer;
    this.name = opts.peer;
    this.origin = opts.origin;
    this.listenerId = opts.listenerId;
    this.hooks = opts.hooks;
    this.startedAt = startedAt;
    this.lastActivityAt = startedAt;
    this.readOnly = opts.readOnly ?? false;
    this.maxQueuedBytes = opts.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES;
    let dirProblem: NodeJS.ErrnoException | null = null;
    if (this.readOnly) this.state = 'closed';
    else {
      try {
        fs.mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
      } catch (err) {
        // The session still runs; its transcript reports the fault on the first write.
        dirProblem = err as NodeJS.ErrnoException;
      }
    }
    this.maxLineBytes = opts.maxLineBytes;
    this._store = new RowStore({
      dir: opts.dir, startedAt, codec: codecFor(opts.encoding), maxLineBytes: opts.maxLineBytes, readOnly: this.readOnly,
      onFault: (message) => this.transcriptFault(message),
    });
    if (dirProblem) this.transcriptFault(`transcript not recorded: cannot create ${opts.dir}: ${dirProblem.code ?? dirProblem.message}`);
    this.intake = this.newIntake();
    this.writeMeta();
  }

  private newIntake(): Intake {
    return new Intake({
      plain: (b) => this.received('out', b),
      stdout: (b) => this.received('out', b),
      stderr: (b) => this.received('err', b),
      hello: (h) => this.applyHello(h),
      exit: (s) => this.applyExit(s),
      echo: (on) => this.applyEcho(on),
      problem: (m) => this.store.note(m),
    });
  }

  get encoding(): string {
    return this._store?.codec.name ?? this.summary!.encoding;
  }

  /** The session's rows; a session put to sleep is read back from its transcript first. */
  get store(): RowStore {
    this.lastReadAt = Date.now();
    if (!this._store) this.wake();
    return this._store!;
  }

  get asleep(): boolean {
    return this._store === null;
  }

  /**
   * A closed session's index can be rebuilt from its transcript at any time, so a small
   * one is dropped from memory when not looked at: ten thousand finished scripts cost
   * a summary each, not a line store each.
   */
  canSleep(maxRows: number): boolean {
    const st = this._store;
    return this.state === 'closed' && st !== null && st.count <= maxRows && !st.holdsUnwritten();
  }

  sleep(): void {
    const st = this._store;
    if (!st) return;
    this.summary = { count: st.count, bytes: st.bytes, linesIn: st.linesIn, linesOut: st.linesOut, encoding: st.codec.name };
    st.close();
    this._store = null;
  }

  private wake(readOnly = true): void {
    const sum = this.summary!;
    const st = new RowStore({ dir: this.dir, startedAt: this.startedAt, codec: codecFor(sum.encoding), maxLineBytes: this.maxLineBytes, readOnly });
    st.replaySync(path.join(this.dir, 'log.jsonl'));
    st.linesIn = sum.linesIn;
    st.linesOut = sum.linesOut;
    this._store = st;
    this.summary = null;
    this.hooks.woke?.(this);
  }

  private transcriptFault(message: string | null): void {
    const was = this.transcriptError;
    this.transcriptError = message ?? undefined;
    if (message) this.store.note(message);
    else if (was) this.store.note('transcript writing resumed; the bytes missed meanwhile are marked as not recorded');
    this.hooks.transcriptFault?.(this, message);
    this.hooks.infoChanged(this);
    this.hooks.changed(this);
  }

  attach(socket: net.Socket, connectedNote: string): void {
    this.socket = socket;
    socket.setNoDelay(true);
    this.store.note(connectedNote);
    socket.on('data', (chunk: Buffer) => {
      this.intake?.push(chunk);
      this.hooks.changed(this);
    });
    socket.on('end', () => {
      if (this.state !== 'live') return;
      this.state = 'eof';
      this.lastActivityAt = Date.now();
      this.store.logRecord({ t: Date.now(), state: 'eof' });
      this.store.note('script finished sending (EOF); it may have exited, so replies may not be read');
      this.store.finishInput();
      this.hooks.infoChanged(this);
      this.hooks.changed(this);
      this.tell((w) => w.ended?.());
      // Both sides have half-closed, or the program behind a framed client has exited:
      // nothing more can happen on this connection.
      if (this.eofSent || this.exit) socket.destroy();
      else if (this.unconfirmedFrom < 0) this.unconfirmedFrom = this.store.bytes.sent;
    });
    socket.on('drain', () => this.hooks.infoChanged(this));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      const gone = err.code === 'ECONNRESET' || err.code === 'EPIPE';
      if (gone && this.state === 'eof') this.repliesLost();
      else this.closeError = err.code === 'ECONNRESET' ? 'connection reset by the script' : err.code === 'EPIPE' ? 'the script stopped reading (broken pipe)' : err.message;
    });
    socket.on('close', () => this.markClosed());
  }

  /**
   * A closed connect-out session whose script listens again goes on over a new
   * connection (reconnect.ts): live again, its streams and row numbers continuing.
   */
  reattach(socket: net.Socket, note: string): void {
    if (this.readOnly || this.state !== 'closed' || this.socket) throw new SessionError(`session ${this.id} is not closed: it cannot connect again`);
    // A store read back for looking at is read-only: it is read back again to be written.
    if (this._store?.log === null) this.sleep();
    if (!this._store) this.wake(false);
    this.state = 'live';
    this.eofSent = false;
    this.endedAt = undefined;
    this.exit = undefined;
    this.echoOff = false;
    this.closeError = null;
    this.unconfirmedFrom = -1;
    this.lastActivityAt = Date.now();
    this.intake = this.newIntake();
    this.attach(socket, note);
    this.writeMeta();
    this.hooks.infoChanged(this);
    this.hooks.changed(this);
  }

  /** The script's side reset the connection after its EOF: it had exited, and what was sent since was never read. */
  private repliesLost(): void {
    const from = this.unconfirmedFrom;
    const to = this.store.bytes.sent;
    let rows = 0;
    if (from >= 0 && to > from) {
      rows = this.store.markUndelivered(from, to);
      this.store.logRecord({ t: Date.now(), undelivered: [from, to] });
    }
    this.undeliveredReplies += rows;
    if (rows > 0) this.store.note(rows === 1 ? 'your reply was not delivered: the script had exited' : `your last ${rows} replies were not delivered: the script had exited`);
    this.closeError = 'the script had exited';
  }

  /** Closes a half-closed connection Porthole no longer keeps (too many are open). */
  retire(why: string): void {
    if (this.state !== 'eof' || !this.socket) return;
    this.closeError = why;
    this.socket.destroy();
  }

  private markClosed(): void {
    if (this.state === 'closed') return;
    const unread = this.socket?.writableLength ?? 0;
    this.state = 'closed';
    this.endedAt = Date.now();
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
    if (unread > 0) this.store.note(`${formatSize(unread)} of replies were never taken by the script`);
    this.store.logRecord({ t: this.endedAt, state: 'closed' });
    this.store.note(this.closeError ? `closed: ${this.closeError}` : 'closed');
    this.writeMeta();
    this.socket = null;
    this.intake = null;
    this.store.finish();
    this.hooks.infoChanged(this);
    this.hooks.changed(this);
    this.hooks.closed(this);
    this.tell((w) => w.closed?.());
  }

  private received(kind: 'out' | 'err', bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.lastInputAt = Date.now();
    this.lastActivityAt = this.lastInputAt;
    this.store.append(kind, bytes);
    if (this.onOutput) this.onOutput(this);
    if (this.watchers.size) this.tell((w) => w.output?.(kind, bytes));
  }

  /** Follows the session's output, the end of it, the program's exit and the close; returns how to stop. */
  watch(w: SessionWatcher): () => void {
    this.watchers.add(w);
    return () => this.watchers.delete(w);
  }

  private tell(f: (w: SessionWatcher) => void): void {
    for (const w of [...this.watchers]) {
      try {
        f(w);
      } catch {
        // A watcher's fault is its own; the session goes on.
      }
    }
  }

  /** Named by the OS's account of the peer process (a bare-socket script): only while nothing better named it. */
  nameFromPeer(p: { pid: number; name: string; command: string; cwd?: string }): void {
    if (this.namedBy !== 'peer') return;
    this.namedBy = 'process';
    this.peerCwd = p.cwd;
    this.name = p.name;
    this.program = p.name;
    this.pid = p.pid;
    this.command = p.command;
    this.store.logRecord({ t: Date.now(), meta: { name: this.name, pid: this.pid, command: this.command } });
    this.writeMeta();
    this.hooks.infoChanged(this);
  }

  /** The person's name for the session; it wins over every other, and is kept in its meta for the past sessions. */
  rename(name: string): void {
    const clean = checkSessionName(name);
    this.namedBy = 'person';
    this.name = clean;
    if (this.readOnly) {
      // A past session's transcript is not written to; only its meta takes the name.
      const file = path.join(this.dir, 'meta.json');
      try {
        const meta = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
        writeFileAtomic(file, JSON.stringify({ ...meta, name: clean }, null, 1));
      } catch (err) {
        throw new SessionError(`renamed for now, but the name could not be saved: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      } finally {
        this.hooks.infoChanged(this);
      }
      return;
    }
    this.store.logRecord({ t: Date.now(), meta: { name: clean } });
    this.writeMeta();
    this.hooks.infoChanged(this);
  }

  private applyHello(h: Hello): void {
    if (h.name) this.program = h.name;
    if (this.namedBy === 'person') h = { ...h, name: undefined };
    this.namedBy = 'hello';
    if (h.name) this.name = h.name;
    this.pid = h.pid;
    this.command = h.command;
    this.pty = h.pty === true;
    this.cwd = h.cwd;
    if (h.encoding && isKnownEncoding(h.encoding)) this.store.codec = codecFor(h.encoding);
    this.store.logRecord({ t: Date.now(), meta: { name: this.name, pid: this.pid, command: this.command, encoding: this.encoding } });
    const who = [h.name, h.pid ? `pid ${h.pid}` : ''].filter(Boolean).join(', ');
    this.store.note(`program: ${who || 'unnamed'}${h.command ? ` — ${h.command}` : ''}`);
    this.writeMeta();
    this.hooks.infoChanged(this);
    this.tell((w) => w.introduced?.());
  }

  /** Replies typed while the program's terminal does not echo are secrets: they are recorded masked. */
  private applyEcho(on: boolean): void {
    if (this.echoOff === !on) return;
    this.echoOff = !on;
    this.hooks.infoChanged(this);
  }

  private applyExit(s: ExitStatus): void {
    this.exit = s;
    this.store.logRecord({ t: Date.now(), exit: s });
    this.store.note(s.signal ? `program was stopped by ${s.signal}` : `program exited with status ${s.code ?? 'unknown'}`);
    this.writeMeta();
    this.hooks.infoChanged(this);
    this.tell((w) => w.exited?.(s));
  }

  get queuedBytes(): number {
    return this.socket?.writableLength ?? 0;
  }

  /** Sends text plus the line ending, encoded in the session's encoding. Never blocks. */
  send(text: string, ending: LineEnding, auto = false): number {
    this.checkWritable();
    const bytes = this.store.codec.encode(text + ENDINGS[ending]);
    if (bytes.length === 0) return this.queuedBytes;
    const queued = this.queuedBytes;
    if (queued > 0 && queued + bytes.length > this.maxQueuedBytes) {
      throw new SessionError(`not sent: ${formatSize(queued)} of replies are already waiting for session ${this.id}'s script to read them (the limit is ${formatSize(this.maxQueuedBytes)}); the script is not reading its input`);
    }
    this.socket!.write(bytes);
    // A secret (typed while the terminal does not echo) is not written to the transcript: one bullet a character stands in.
    const recorded = this.echoOff ? this.store.codec.encode('\u2022'.repeat(Math.min([...text].length, 64)) + ENDINGS[ending]) : bytes;
    if (auto) this.store.appendAuto(recorded);
    else this.store.append('sent', recorded);
    this.lastActivityAt = Date.now();
    if (this.state === 'eof') this.probe(0);
    this.hooks.changed(this);
    this.hooks.infoChanged(this);
    return this.queuedBytes;
  }

  /** Empty writes fail once the script's side has reset the connection (it had exited). */
  private probe(step: number): void {
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      const socket = this.socket;
      if (!socket || socket.destroyed || this.state !== 'eof') return;
      socket.write(Buffer.alloc(0));
      if (step + 1 < PROBE_DELAYS_MS.length) this.probe(step + 1);
    }, PROBE_DELAYS_MS[step]);
    this.probeTimer.unref();
  }

  /** Half-closes Porthole's side: the script reads end of file, and may still write. */
  sendEof(): void {
    this.checkWritable();
    this.eofSent = true;
    this.store.logRecord({ t: Date.now(), state: 'eofSent' });
    this.store.note('you sent EOF (end of input)');
    const socket = this.socket!;
    socket.end();
    if (this.state === 'eof') socket.destroy();
    this.hooks.infoChanged(this);
    this.hooks.changed(this);
  }

  close(): void {
    if (this.readOnly) throw new SessionError(`session ${this.id} is a past session: it is already closed`);
    const socket = this.socket;
    if (!socket || this.state === 'closed') return;
    socket.end();
    setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
  }

  /** Destroys the connection at once (shutdown); resolves once its closing is recorded. */
  destroy(): Promise<void> {
    const socket = this.socket;
    if (!socket) return Promise.resolve();
    return new Promise((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    });
  }

  setEncoding(name: string): void {
    if (!isKnownEncoding(name)) throw new SessionError(`unknown encoding '${name}' (try utf-8, latin1, windows-1252)`);
    this.store.codec = codecFor(normalizeEncoding(name));
    this.store.logRecord({ t: Date.now(), meta: { encoding: this.encoding } });
    this.writeMeta();
    this.hooks.infoChanged(this);
  }

  private checkWritable(): void {
    if (this.readOnly) throw new SessionError(`session ${this.id} is a past session: it can be read, not sent to`);
    if (this.state === 'closed' || !this.socket) throw new SessionError(`session ${this.id} is closed: nothing can be sent`);
    if (this.eofSent) throw new SessionError(`you already sent EOF to session ${this.id}: nothing more can be sent`);
  }

  info(): SessionInfo {
    const st = this._store;
    const sum = this.summary;
    const b = st ? st.bytes : sum!.bytes;
    return {
      id: this.id,
      key: this.key,
      name: this.name,
      peer: this.peer,
      origin: this.origin,
      listenerId: this.listenerId,
      state: this.state,
      readOnly: this.readOnly,
      encoding: this.encoding,
      rows: st ? st.count : sum!.count,
      bytesIn: b.out + b.err,
      bytesOut: b.sent,
      linesIn: st ? st.linesIn : sum!.linesIn,
      linesOut: st ? st.linesOut : sum!.linesOut,
      queuedBytes: this.queuedBytes,
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      lastInputAt: this.lastInputAt,
      eofSent: this.eofSent,
      undeliveredReplies: this.undeliveredReplies,
      transcriptError: this.transcriptError,
      pid: this.pid,
      command: this.command,
      exit: this.exit,
      ...(this.program ? { program: this.program } : {}),
      ...(this.reconnect ? { reconnect: this.reconnect } : {}),
      ...(this.pty ? { pty: true } : {}),
      ...(this.cwd ? { cwd: this.cwd } : {}),
      ...(this.local ? { local: this.local } : {}),
      ...(this.echoOff ? { echoOff: true } : {}),
      ...(this.launch ? { runAgain: 'ready' as const } : this.command && this.cwd && this.pid !== undefined ? { runAgain: 'confirm' as const } : {}),
    };
  }

  writeMeta(): void {
    if (this.readOnly) return;
    const i = this.info();
    const meta = {
      porthole: 1, key: i.key, name: i.name, peer: i.peer, origin: i.origin, encoding: i.encoding,
      startedAt: i.startedAt, endedAt: i.endedAt, bytesIn: i.bytesIn, bytesOut: i.bytesOut,
      pid: i.pid, command: i.command, exit: i.exit, ...(i.pty ? { pty: true } : {}), ...(i.cwd ? { cwd: i.cwd } : {}), ...(i.program ? { program: i.program } : {}),
      ...(i.local ? { local: i.local } : {}),
      ...(this.peerCwd ? { peerCwd: this.peerCwd } : {}),
      ...(this.launch ? { launch: this.launch } : {}),
    };
    writeFileAtomic(path.join(this.dir, 'meta.json'), JSON.stringify(meta, null, 1));
  }

  shutdown(): void {
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this._store?.close();
  }
}

/** Longest session name, in characters. */
export const MAX_SESSION_NAME = 200;

/** A session name as given by a person: trimmed, not empty, one line of printable text. */
export function checkSessionName(name: string): string {
  const clean = name.trim();
  if (clean === '') throw new SessionError('a session name cannot be empty');
  if ([...clean].length > MAX_SESSION_NAME) throw new SessionError(`a session name can have at most ${MAX_SESSION_NAME} characters`);
  // Control characters and line or bidi overrides would make the list lie about what it shows.
  if (/[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u.test(clean)) throw new SessionError('a session name cannot hold control characters, line breaks or direction overrides');
  return clean;
}
