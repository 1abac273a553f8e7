/**
 * One connection: reads the socket continuously into the row store (never waiting
 * on a face), sends replies without blocking (they queue in the socket when the
 * script is not reading), and tracks the state live → eof (script finished sending,
 * still writable) → closed.
 */
import fs from 'node:fs';
import type net from 'node:net';
import path from 'node:path';
import type { Hello } from '../../shared/hello.ts';
import type { ExitStatus, LineEnding, SessionInfo, SessionState } from '../../shared/types.ts';
import { codecFor, isKnownEncoding, normalizeEncoding } from './encoding.ts';
import { Intake } from './hello-parser.ts';
import { RowStore } from './row-store.ts';

export interface SessionHooks {
  /** Rows or counters changed. */
  changed(session: Session): void;
  /** State, name or other details changed. */
  infoChanged(session: Session): void;
  closed(session: Session): void;
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
}

const ENDINGS: Record<LineEnding, string> = { lf: '\n', crlf: '\r\n', none: '' };
const CLOSE_GRACE_MS = 500;

export class SessionError extends Error {}

export class Session {
  readonly id: number;
  readonly key: string;
  readonly dir: string;
  readonly peer: string;
  readonly origin: SessionInfo['origin'];
  readonly listenerId?: number;
  readonly store: RowStore;
  name: string;
  state: SessionState = 'live';
  eofSent = false;
  readonly startedAt: number;
  endedAt?: number;
  lastInputAt?: number;
  pid?: number;
  command?: string;
  exit?: ExitStatus;
  readOnly = false;
  private socket: net.Socket | null = null;
  private intake: Intake;
  private closeError: string | null = null;
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
    this.readOnly = opts.readOnly ?? false;
    if (this.readOnly) this.state = 'closed';
    else fs.mkdirSync(opts.dir, { recursive: true });
    this.store = new RowStore({ dir: opts.dir, startedAt, codec: codecFor(opts.encoding), maxLineBytes: opts.maxLineBytes, readOnly: this.readOnly });
    this.intake = new Intake({
      plain: (b) => this.received('out', b),
      stdout: (b) => this.received('out', b),
      stderr: (b) => this.received('err', b),
      hello: (h) => this.applyHello(h),
      exit: (s) => this.applyExit(s),
      problem: (m) => this.store.note(m),
    });
    this.writeMeta();
  }

  get encoding(): string {
    return this.store.codec.name;
  }

  attach(socket: net.Socket, connectedNote: string): void {
    this.socket = socket;
    socket.setNoDelay(true);
    this.store.note(connectedNote);
    socket.on('data', (chunk: Buffer) => {
      this.intake.push(chunk);
      this.hooks.changed(this);
    });
    socket.on('end', () => {
      if (this.state !== 'live') return;
      this.state = 'eof';
      this.store.logRecord({ t: Date.now(), state: 'eof' });
      this.store.note('script finished sending (EOF)');
      this.hooks.infoChanged(this);
      this.hooks.changed(this);
      // Both sides have half-closed, or the program behind a framed client has exited:
      // nothing more can happen on this connection.
      if (this.eofSent || this.exit) socket.destroy();
    });
    socket.on('drain', () => this.hooks.infoChanged(this));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.closeError = err.code === 'ECONNRESET' ? 'connection reset by the script' : err.code === 'EPIPE' ? 'the script stopped reading (broken pipe)' : err.message;
    });
    socket.on('close', () => this.markClosed());
  }

  private markClosed(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.endedAt = Date.now();
    this.store.logRecord({ t: this.endedAt, state: 'closed' });
    this.store.note(this.closeError ? `closed: ${this.closeError}` : 'closed');
    this.store.log?.flush();
    this.writeMeta();
    this.socket = null;
    this.hooks.infoChanged(this);
    this.hooks.changed(this);
    this.hooks.closed(this);
  }

  private received(kind: 'out' | 'err', bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.lastInputAt = Date.now();
    this.store.append(kind, bytes);
  }

  private applyHello(h: Hello): void {
    if (h.name) this.name = h.name;
    this.pid = h.pid;
    this.command = h.command;
    if (h.encoding && isKnownEncoding(h.encoding)) this.store.codec = codecFor(h.encoding);
    this.store.logRecord({ t: Date.now(), meta: { name: this.name, pid: this.pid, command: this.command, encoding: this.encoding } });
    const who = [h.name, h.pid ? `pid ${h.pid}` : ''].filter(Boolean).join(', ');
    this.store.note(`program: ${who || 'unnamed'}${h.command ? ` — ${h.command}` : ''}`);
    this.writeMeta();
    this.hooks.infoChanged(this);
  }

  private applyExit(s: ExitStatus): void {
    this.exit = s;
    this.store.logRecord({ t: Date.now(), exit: s });
    this.store.note(s.signal ? `program was stopped by ${s.signal}` : `program exited with status ${s.code ?? 'unknown'}`);
    this.writeMeta();
    this.hooks.infoChanged(this);
  }

  get queuedBytes(): number {
    return this.socket?.writableLength ?? 0;
  }

  /** Sends text plus the line ending, encoded in the session's encoding. Never blocks. */
  send(text: string, ending: LineEnding): number {
    this.checkWritable();
    const bytes = this.store.codec.encode(text + ENDINGS[ending]);
    if (bytes.length === 0) return this.queuedBytes;
    this.socket!.write(bytes);
    this.store.append('sent', bytes);
    this.hooks.changed(this);
    this.hooks.infoChanged(this);
    return this.queuedBytes;
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
    const b = this.store.bytes;
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
      rows: this.store.count,
      bytesIn: b.out + b.err,
      bytesOut: b.sent,
      linesIn: this.store.linesIn,
      linesOut: this.store.linesOut,
      queuedBytes: this.queuedBytes,
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      lastInputAt: this.lastInputAt,
      eofSent: this.eofSent,
      undeliveredReplies: 0,
      pid: this.pid,
      command: this.command,
      exit: this.exit,
    };
  }

  writeMeta(): void {
    if (this.readOnly) return;
    const i = this.info();
    const meta = {
      porthole: 1, key: i.key, name: i.name, peer: i.peer, origin: i.origin, encoding: i.encoding,
      startedAt: i.startedAt, endedAt: i.endedAt, bytesIn: i.bytesIn, bytesOut: i.bytesOut,
      pid: i.pid, command: i.command, exit: i.exit,
    };
    try {
      fs.writeFileSync(path.join(this.dir, 'meta.json'), JSON.stringify(meta, null, 1));
    } catch {
      // The transcript's data files are what matters; meta is rebuilt from them if missing.
    }
  }

  shutdown(): void {
    this.store.close();
  }
}
