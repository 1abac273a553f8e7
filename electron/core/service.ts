/**
 * The core service: listeners, outgoing connections, sessions, past transcripts and
 * searches behind one command interface, with events batched for the faces (at most
 * one update per session per 16 ms; the first change after a quiet spell goes out at
 * once).
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { CommandArgs, CommandName, CommandResult, Commands } from '../../shared/contract.ts';
import { LIMITS } from '../../shared/limits.ts';
import type { ExportFormat, PortholeEvent, SessionInfo } from '../../shared/types.ts';
import { appVersion } from './app-version.ts';
import { Connector } from './connector.ts';
import { Reconnects } from './reconnect.ts';
import { exportRows } from './export.ts';
import { nearFdLimit } from './fd-headroom.ts';
import { DEFAULT_RETENTION } from './retention.ts';
import { formatAddress, isLoopback, Listener } from './listener.ts';
import { peerProgram } from './peer-process.ts';
import { isValidKey, listPast, readMeta, sessionsDir, storedLaunch } from './past.ts';
import { PlotManager } from './plot/plot-manager.ts';
import { planSearch, Search } from './search.ts';
import { FilterManager } from './filter.ts';
import { rowBytes } from './row-bytes.ts';
import type { CoreService, ServiceOptions } from './service-api.ts';
import { Session, SessionError, type SessionHooks } from './session.ts';
import { writeFileAtomic } from './atomic-file.ts';
import { prepareDataDir } from './data-dir.ts';
import { Responder, RespondError } from './respond.ts';
import { BookmarkError, BookmarkStore } from './bookmarks.ts';
import { reportFileName, writeQaReport } from './qa-report.ts';
import { proposeForSession } from './dialog/propose-session.ts';
import { splitCommand } from './dialog/split-command.ts';
import { ReplayError, WindowReplays } from './dialog/window-replay.ts';
import { LaunchError, Launcher, type LaunchRequest } from './launcher.ts';
import { ptyInstalled } from './pty-module.ts';
import { isKnownEncoding } from './encoding.ts';
import os from 'node:os';
import type { RunAbility, RunSpec } from '../../shared/types.ts';

export class CommandFailure extends Error {}

type Handlers = { [K in CommandName]: (args: CommandArgs<K>) => Promise<CommandResult<K>> | CommandResult<K> };

const TICK_MS = 250;
/** Characters of row text one `session:rows` reply carries at most (JSON escaping may grow it up to 6×). */
const MAX_REPLY_CHARS = 1 << 20;
export const DEFAULT_MAX_HALF_OPEN = 32;
const RETENTION_EVERY_MS = 60 * 60 * 1000;
/** How long Run again waits for a running session's program to be stopped before starting it anew. */
const RUN_AGAIN_WAIT_MS = 5_000;
/** How long a started program's session waits for its hello before it is shown unnamed. */
const HELLO_WAIT_MS = 3_000;
/** Closed sessions kept in memory; the rest sleep (their rows are read back when looked at). */
const MAX_AWAKE_CLOSED = 16;
/** Larger closed sessions stay in memory: their cost is per row, and reading them back takes time. */
const MAX_SLEEP_ROWS = 20_000;

function stampKey(t: number): string {
  return new Date(t).toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\..*$/, '');
}

function normalizePeer(addr: string | undefined): string {
  return (addr ?? '').replace(/^::ffff:/, '');
}

class Service implements CoreService {
  readonly dataDir: string;
  private readonly opts: ServiceOptions;
  private readonly listeners = new Map<number, Listener>();
  private readonly connectors = new Map<number, Connector>();
  private readonly sessions = new Map<number, Session>();
  private readonly searches = new Map<number, Search>();
  private readonly plots = new PlotManager((id) => this.session(id));
  private readonly filters = new FilterManager((id) => this.session(id), (p) => this.queue({ type: 'filter', ...p }));
  private readonly subscribers = new Set<(events: PortholeEvent[]) => void>();
  private nextId = { listener: 1, connect: 1, session: 1, search: 1 };
  private pending: PortholeEvent[] = [];
  private dirtyRows = new Set<Session>();
  private dirtyInfo = new Set<Session>();
  private flushTimer: NodeJS.Timeout | null = null;
  private flushImmediate: NodeJS.Immediate | null = null;
  private lastFlush = 0;
  private lastQueued = new Map<number, number>();
  /** Sessions whose transcript cannot be written right now. */
  private readonly faulty = new Set<Session>();
  /** Closed sessions still in memory. */
  private readonly awakeClosed = new Set<Session>();
  /** Sessions whose script can still send (what the connection limit counts). */
  private readonly live = new Set<Session>();
  /** Sessions whose script finished sending, connection still open (a few dozen at most). */
  private readonly halfOpen = new Set<Session>();
  /** Past sessions being reopened (a second request waits for the first). */
  private readonly opening = new Map<string, Promise<Session>>();
  private tick: NodeJS.Timeout;
  private retentionTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly hooks: SessionHooks;
  private readonly handlers: Handlers;
  private readonly responder = new Responder({ sessions: () => this.sessions.values(), changed: (s) => this.markRows(s) });
  private readonly bookmarks = new BookmarkStore();
  private launcherInstance: Launcher<Session> | null = null;
  private ptyAvailable: true | string | null = null;
  private readonly replays = new WindowReplays({
    launch: (req) => this.launcher().start(req),
    connect: (host, port, giveUpMs) => this.connectSession(host, port, giveUpMs),
    changed: (replay) => this.queue({ type: 'replay', replay }),
  });
  private readonly reconnects = new Reconnects({
    changed: (s) => this.markInfo(s),
    reattached: (s) => {
      this.awakeClosed.delete(s);
      this.live.add(s);
    },
    refusal: () => {
      const max = this.opts.maxConnections ?? LIMITS.maxConnections;
      return this.liveCount() >= max ? `waiting: already ${max} scripts sending at once (the maximum)` : null;
    },
  });

  constructor(opts: ServiceOptions) {
    this.opts = opts;
    this.dataDir = path.resolve(opts.dataDir);
    this.hooks = {
      changed: (s) => this.markRows(s),
      infoChanged: (s) => this.markInfo(s),
      closed: (s) => {
        this.lastQueued.delete(s.id);
        this.faulty.delete(s);
        this.halfOpen.delete(s);
        this.live.delete(s);
        this.awakeClosed.add(s);
        this.reconnects.onClosed(s);
      },
      woke: (s) => this.awakeClosed.add(s),
      transcriptFault: (s, message) => this.transcriptFault(s, message),
    };
    this.tick = setInterval(() => this.onTick(), TICK_MS);
    this.tick.unref();
    this.handlers = this.makeHandlers();
  }

  // ---- events ---------------------------------------------------------------

  onEvents(listener: (events: PortholeEvent[]) => void): () => void {
    this.subscribers.add(listener);
    return () => this.subscribers.delete(listener);
  }

  private queue(event: PortholeEvent): void {
    this.pending.push(event);
    this.scheduleFlush();
  }

  private markRows(s: Session): void {
    this.filters.rowsChanged(s.id);
    this.dirtyRows.add(s);
    this.dirtyInfo.add(s);
    this.scheduleFlush();
  }

  private markInfo(s: Session): void {
    this.dirtyInfo.add(s);
    if (s.queuedBytes > 0) this.lastQueued.set(s.id, s.queuedBytes);
    if (s.state !== 'live') this.live.delete(s);
    if (s.state === 'eof' && !this.halfOpen.has(s)) {
      this.halfOpen.add(s);
      this.limitHalfOpen();
      this.reconnects.onEof(s);
    }
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer || this.flushImmediate || this.closed) return;
    const wait = this.lastFlush + LIMITS.updateIntervalMs - Date.now();
    // After a quiet spell the first change goes out at once (after the current I/O callback).
    if (wait <= 0) this.flushImmediate = setImmediate(() => this.flush());
    else this.flushTimer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.flushTimer = null;
    this.flushImmediate = null;
    this.lastFlush = Date.now();
    const events = this.pending;
    this.pending = [];
    if (this.responder.takeDirty()) events.push({ type: 'respond', rules: this.responder.list() });
    for (const s of this.dirtyInfo) events.push({ type: 'session', session: s.info() });
    for (const s of this.dirtyRows) {
      const changedFrom = s.store.takeChanged();
      if (changedFrom === Infinity) continue;
      const count = s.store.count;
      const tail = s.store.rows(s.store.tailStart(Math.max(changedFrom, count - LIMITS.tailRows), LIMITS.tailBytes), count);
      events.push({ type: 'rows', id: s.id, count, changedFrom, tail });
    }
    this.dirtyInfo.clear();
    this.dirtyRows.clear();
    if (!events.length) return;
    for (const sub of this.subscribers) {
      try {
        sub(events);
      } catch {
        // A broken face must not stop the others.
      }
    }
  }

  private onTick(): void {
    for (const id of this.lastQueued.keys()) {
      const s = this.sessions.get(id);
      const q = s?.queuedBytes ?? 0;
      if (this.lastQueued.get(id) !== q) {
        if (q === 0) this.lastQueued.delete(id);
        else this.lastQueued.set(id, q);
        if (s) this.markInfo(s);
      }
    }
    for (const s of this.faulty) s.store.retryWrites();
    this.putToSleep();
  }

  /** Keeps at most MAX_AWAKE_CLOSED closed sessions in memory, the least recently read going first. */
  private putToSleep(): void {
    if (this.awakeClosed.size <= MAX_AWAKE_CLOSED) return;
    const now = Date.now();
    const candidates = [...this.awakeClosed]
      // Not while an update for it is pending, nor just after it was read.
      .filter((s) => !this.dirtyRows.has(s) && now - s.lastReadAt > 1_000)
      .sort((a, b) => a.lastReadAt - b.lastReadAt);
    for (const s of candidates) {
      if (this.awakeClosed.size <= MAX_AWAKE_CLOSED) break;
      this.awakeClosed.delete(s);
      if (s.canSleep(MAX_SLEEP_ROWS)) s.sleep();
    }
  }

  /** Told once for all sessions: when transcripts start failing, and when they work again. */
  private transcriptFault(s: Session, message: string | null): void {
    const before = this.faulty.size;
    if (message) this.faulty.add(s);
    else this.faulty.delete(s);
    if (before === 0 && this.faulty.size > 0) {
      this.notice('error', `Session ${s.id}: ${message}. Live output goes on; Porthole keeps trying to write the transcript.`);
    } else if (before > 0 && this.faulty.size === 0 && !message) {
      this.notice('info', 'Transcripts are being written again.');
    }
  }

  /** Half-closed connections are kept writable, but only so many: the idlest beyond the limit are closed. */
  private limitHalfOpen(): void {
    const max = this.opts.maxHalfOpen ?? DEFAULT_MAX_HALF_OPEN;
    if (this.halfOpen.size <= max) return;
    const halfOpen = [...this.halfOpen];
    halfOpen.sort((a, b) => a.lastActivityAt - b.lastActivityAt);
    for (const x of halfOpen.slice(0, halfOpen.length - max)) {
      x.retire(`Porthole keeps at most ${max} finished scripts' connections open, and this was the idlest`);
    }
  }

  notice(level: 'info' | 'warning' | 'error', message: string): void {
    this.queue({ type: 'notice', level, message });
  }

  // ---- listeners and connections ---------------------------------------------

  /** Listeners asked for at start stay listed when they fail (the faces report them from the list); one added later that fails is dropped, its caller showing why. */
  async addListener(spec: CommandArgs<'listener:add'>, atStart = false) {
    const id = this.nextId.listener++;
    const l = new Listener(id, spec, (socket, from) => this.accept(socket, from), (message) => this.notice('warning', message));
    this.listeners.set(id, l);
    const info = await l.start();
    if (info.state === 'error' && !atStart) {
      this.listeners.delete(id);
      return info;
    }
    for (const server of l.servers) {
      server.on('error', () => this.queue({ type: 'listeners', listeners: this.listenerInfos() }));
    }
    this.queue({ type: 'listeners', listeners: this.listenerInfos() });
    if (info.state === 'error') this.notice('error', info.error!);
    return info;
  }

  private listenerInfos() {
    return [...this.listeners.values()].map((l) => l.info);
  }

  /** Connections whose script can still send: those that finished sending do not block new scripts. */
  private liveCount(): number {
    return this.live.size;
  }

  private accept(socket: net.Socket, listener: Listener): void {
    const addr = normalizePeer(socket.remoteAddress);
    const peer = listener.info.kind === 'unix' ? `unix socket ${listener.info.path}` : formatAddress(addr, socket.remotePort ?? 0);
    const max = this.opts.maxConnections ?? LIMITS.maxConnections;
    if (this.closed) return void socket.destroy();
    if (this.opts.allow?.length && listener.info.kind === 'tcp' && !this.opts.allow.map(normalizePeer).includes(addr)) {
      socket.destroy();
      this.notice('warning', `refused a connection from ${peer}: not in the allow-list`);
      return;
    }
    const fdLimit = nearFdLimit();
    if (fdLimit !== null) {
      socket.on('error', () => undefined);
      socket.end('Porthole: out of file descriptors; this connection was refused. Try again later.\n');
      setTimeout(() => socket.destroy(), 200).unref();
      this.refusedForFds(peer, fdLimit);
      return;
    }
    if (this.liveCount() >= max) {
      socket.on('error', () => undefined);
      socket.end(`Porthole: too many connections (${max} scripts are sending at once); this one was refused. Close some sessions and try again.\n`);
      setTimeout(() => socket.destroy(), 1000).unref();
      this.notice('warning', `refused a connection from ${peer}: already ${max} scripts sending at once (the maximum)`);
      return;
    }
    const s = this.newSession(peer, 'accepted', listener.id);
    if (listener.info.kind === 'tcp' && socket.localAddress && socket.localPort) s.local = formatAddress(normalizePeer(socket.localAddress), socket.localPort);
    s.attach(socket, `connected from ${peer}`);
    if (listener.info.kind === 'tcp') this.nameByProcess(s, socket);
  }

  /** A bare-socket script on this machine (connecting in, or listening for Porthole) is named after its program when the OS can tell. */
  private nameByProcess(s: Session, socket: net.Socket): void {
    const addr = normalizePeer(socket.remoteAddress);
    if (isLoopback(addr) && socket.remotePort && socket.localAddress && socket.localPort) {
      void peerProgram({ address: addr, port: socket.remotePort }, { address: normalizePeer(socket.localAddress), port: socket.localPort })
        .then((p) => p && s.nameFromPeer(p))
        .catch(() => undefined);
    }
  }

  private lastFdNotice = 0;
  private fdRefusals = 0;

  /** Said at most every ten seconds, with how many were refused meanwhile. */
  private refusedForFds(peer: string, limit: number): void {
    this.fdRefusals++;
    const now = Date.now();
    if (now - this.lastFdNotice < 10_000) return;
    this.lastFdNotice = now;
    const n = this.fdRefusals;
    this.fdRefusals = 0;
    this.notice('warning', `refused ${n === 1 ? `a connection from ${peer}` : `${n} connections`}: Porthole has no file descriptors left (limit ${limit}, ulimit -n). Still listening; closing finished sessions or raising the limit helps.`);
  }

  private newSession(peer: string, origin: SessionInfo['origin'], listenerId?: number): Session {
    const id = this.nextId.session++;
    const startedAt = Date.now();
    const key = `${stampKey(startedAt)}-${process.pid}-${id}`;
    const s = new Session({
      id, key, dir: path.join(sessionsDir(this.dataDir), key), peer, origin, listenerId,
      encoding: this.opts.encoding ?? 'utf-8',
      maxLineBytes: this.opts.maxLineBytes ?? LIMITS.maxLineBytes,
      maxQueuedBytes: this.opts.maxQueuedBytes,
      hooks: this.hooks,
    }, startedAt);
    this.sessions.set(id, s);
    this.live.add(s);
    this.responder.attach(s);
    this.markRows(s);
    return s;
  }

  startConnect(spec: CommandArgs<'connect:start'>) {
    const id = this.nextId.connect++;
    const c = new Connector(id, spec, {
      connected: (socket) => {
        const peer = formatAddress(spec.host, spec.port);
        const s = this.newSession(peer, 'connected');
        s.attach(socket, `connected to ${peer}`);
        c.info = { ...c.info, sessionId: s.id };
        this.reconnects.register(s, spec.host, spec.port, spec.autoReconnect === true);
        this.nameByProcess(s, socket);
      },
      changed: () => this.queue({ type: 'connects', connects: this.connectInfos() }),
    });
    this.connectors.set(id, c);
    c.start();
    return c.info;
  }

  private connectInfos() {
    return [...this.connectors.values()].map((c) => c.info);
  }

  // ---- sessions ---------------------------------------------------------------

  private session(id: number): Session {
    const s = this.sessions.get(id);
    if (!s) throw new CommandFailure(`there is no session ${id}`);
    return s;
  }

  private openPast(key: string): Promise<Session> {
    for (const s of this.sessions.values()) if (s.key === key) return Promise.resolve(s);
    let p = this.opening.get(key);
    if (!p) {
      p = this.reopen(key).finally(() => this.opening.delete(key));
      this.opening.set(key, p);
    }
    return p;
  }

  private async reopen(key: string): Promise<Session> {
    if (!isValidKey(key)) throw new CommandFailure(`no past session '${key}'`);
    const dir = path.join(sessionsDir(this.dataDir), key);
    const meta = readMeta(dir, key);
    if (!meta) throw new CommandFailure(`no past session '${key}' in ${sessionsDir(this.dataDir)}`);
    const id = this.nextId.session++;
    const s = new Session({
      id, key, dir, peer: meta.peer, origin: 'past', encoding: meta.encoding ?? 'utf-8',
      maxLineBytes: this.opts.maxLineBytes ?? LIMITS.maxLineBytes, hooks: this.hooks, readOnly: true,
    }, meta.startedAt);
    s.name = meta.name;
    s.program = meta.program;
    s.endedAt = meta.endedAt;
    s.pid = meta.pid;
    s.command = meta.command;
    s.exit = meta.exit ?? undefined;
    if (typeof meta.cwd === 'string') s.cwd = meta.cwd;
    if (typeof meta.local === 'string') s.local = meta.local;
    if (typeof meta.peerCwd === 'string') s.peerCwd = meta.peerCwd;
    s.pty = meta.pty === true;
    s.launch = storedLaunch(meta.launch);
    await s.store.replay(path.join(dir, 'log.jsonl'));
    // What a crash left stale in meta.json is repaired from the files (if the folder can still be written).
    if (fs.existsSync(path.join(dir, 'meta.json'))) {
      try {
        const stored = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as Record<string, unknown>;
        if (stored.bytesIn !== meta.bytesIn || stored.bytesOut !== meta.bytesOut || stored.endedAt === undefined) {
          writeFileAtomic(path.join(dir, 'meta.json'), JSON.stringify({ ...stored, bytesIn: meta.bytesIn, bytesOut: meta.bytesOut, endedAt: meta.endedAt }, null, 1));
        }
      } catch {
        // An unreadable meta.json stays as it is; the summary above came from the files.
      }
    }
    if (this.closed) {
      s.shutdown();
      throw new CommandFailure('Porthole is shutting down');
    }
    this.sessions.set(id, s);
    this.awakeClosed.add(s);
    this.markRows(s);
    return s;
  }

  private removeSession(s: Session): void {
    if (s.state !== 'closed') throw new CommandFailure(`session ${s.id} is still ${s.state === 'live' ? 'live' : 'open'}: close it first`);
    this.sessions.delete(s.id);
    this.awakeClosed.delete(s);
    this.dirtyRows.delete(s);
    this.dirtyInfo.delete(s);
    s.shutdown();
    this.filters.dropSession(s.id);
    this.reconnects.drop(s.id);
    this.responder.dropSession(s.id);
    this.bookmarks.forget(s.dir);
    this.queue({ type: 'removed', id: s.id });
  }

  /** Deletes a past session's folder; an open one must be closed and is taken off the list first. */
  private deletePast(key: string): void {
    if (!isValidKey(key)) throw new CommandFailure(`no past session '${key}'`);
    const loaded = [...this.sessions.values()].find((s) => s.key === key);
    if (loaded) this.removeSession(loaded);
    const dir = path.join(sessionsDir(this.dataDir), key);
    if (!fs.existsSync(dir)) throw new CommandFailure(`no past session '${key}'`);
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch (err) {
      throw new CommandFailure(`could not delete ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }

  /**
   * Keeps the newest past sessions within the retention limits (count and bytes); the
   * oldest beyond them are deleted. Sessions of this run are never touched.
   */
  applyRetention(): number {
    const keep = this.opts.retention ?? DEFAULT_RETENTION;
    const loaded = new Set([...this.sessions.values()].map((s) => s.key));
    const past = listPast(this.dataDir, loaded, Infinity);
    let bytes = 0;
    let deleted = 0;
    past.forEach((p, i) => {
      bytes += p.bytesIn + p.bytesOut;
      if (i < keep.maxSessions && bytes <= keep.maxBytes) return;
      try {
        fs.rmSync(path.join(sessionsDir(this.dataDir), p.key), { recursive: true, force: true });
        deleted++;
      } catch {
        // Tried again at the next pass.
      }
    });
    if (deleted > 0) this.notice('info', `Deleted the ${deleted} oldest past session${deleted === 1 ? '' : 's'} to keep within the retention limits (${keep.maxSessions} sessions, ${Math.round(keep.maxBytes / 2 ** 30)} GiB).`);
    return deleted;
  }

  // ---- commands -----------------------------------------------------------------

  private makeHandlers(): Handlers {
    return {
      'app:info': () => ({ name: 'Porthole', version: appVersion(), face: this.opts.face ?? 'terminal', dataDir: this.dataDir, platform: process.platform, run: this.runAbility() }),
      'listener:list': () => this.listenerInfos(),
      'listener:add': (spec) => this.addListener(spec),
      'listener:remove': async ({ id }) => {
        const l = this.listeners.get(id);
        if (!l) throw new CommandFailure(`there is no listener ${id}`);
        await l.close();
        this.listeners.delete(id);
        this.queue({ type: 'listeners', listeners: this.listenerInfos() });
        return null;
      },
      'connect:list': () => this.connectInfos(),
      'connect:start': (spec) => this.startConnect(spec),
      'connect:cancel': ({ id }) => {
        const c = this.connectors.get(id);
        if (!c) throw new CommandFailure(`there is no connection attempt ${id}`);
        c.cancel();
        return null;
      },
      'session:list': () => [...this.sessions.values()].map((s) => s.info()),
      'session:rows': ({ id, from, to }) => {
        const s = this.session(id);
        const end = Math.min(to, from + LIMITS.maxRowsPerRequest);
        return { id, count: s.store.count, from, rows: s.store.rows(from, end, MAX_REPLY_CHARS) };
      },
      'session:send': ({ id, text, ending }) => ({ queuedBytes: this.session(id).send(text, ending) }),
      'session:eof': ({ id }) => {
        this.session(id).sendEof();
        return null;
      },
      'session:close': ({ id }) => {
        this.session(id).close();
        return null;
      },
      'session:encoding': ({ id, encoding }) => {
        const s = this.session(id);
        s.setEncoding(encoding);
        // Every row decodes differently now.
        s.store.markAllChanged();
        this.markRows(s);
        return s.info();
      },
      'session:rename': ({ id, name }) => {
        const s = this.session(id);
        s.rename(name);
        return s.info();
      },
      'session:reconnect': ({ id, auto, stop }) => {
        const s = this.session(id);
        if (stop) this.reconnects.stop(s);
        else if (auto !== undefined) this.reconnects.setAuto(s, auto);
        else this.reconnects.now(s);
        return s.info();
      },
      'session:remove': ({ id }) => {
        this.removeSession(this.session(id));
        return null;
      },
      'past:delete': ({ key }) => {
        this.deletePast(key);
        return null;
      },
      'past:list': () => listPast(this.dataDir, new Set([...this.sessions.values()].map((s) => s.key))),
      'past:open': async ({ key }) => (await this.openPast(key)).info(),
      'search:start': (q) => {
        const s = this.session(q.id);
        let job;
        try {
          job = planSearch(q, s.store, s.dir);
        } catch (err) {
          throw new CommandFailure((err as Error).message);
        }
        const searchId = this.nextId.search++;
        const search = new Search(searchId, s.id, job, (x) => {
          this.queue({ type: 'search', searchId, id: x.sessionId, matches: x.progress.matches, rows: x.progress.rows, done: x.progress.done, error: x.progress.error });
        });
        this.searches.set(searchId, search);
        // Keep only the latest few searches' results.
        for (const old of this.searches.keys()) {
          if (this.searches.size <= 8) break;
          this.searches.get(old)!.stop();
          this.searches.delete(old);
        }
        return { searchId };
      },
      'search:seek': ({ searchId, row, dir }) => {
        const search = this.searches.get(searchId);
        if (!search) throw new CommandFailure(`search ${searchId} is gone; search again`);
        return search.seek(row, dir);
      },
      'search:cancel': ({ searchId }) => {
        this.searches.get(searchId)?.stop();
        this.searches.delete(searchId);
        return null;
      },
      'filter:start': (q) => {
        try {
          return this.filters.start(q);
        } catch (err) {
          throw err instanceof CommandFailure ? err : new CommandFailure((err as Error).message);
        }
      },
      'filter:rows': ({ filterId, from, to }) => {
        try {
          return this.filters.rows(filterId, from, to);
        } catch (err) {
          throw new CommandFailure((err as Error).message);
        }
      },
      'filter:pos': ({ filterId, row }) => {
        try {
          return this.filters.pos(filterId, row);
        } catch (err) {
          throw new CommandFailure((err as Error).message);
        }
      },
      'filter:cancel': ({ filterId }) => {
        this.filters.cancel(filterId);
        return null;
      },
      'session:bytes': ({ id, from, to }) => rowBytes(id, this.session(id).store, from, to),
      'plot:series': (a) => this.plots.series(a),
      'plot:data': (a) => this.plots.data(a),
      'plot:pattern': (a) => this.plots.setPattern(a),
      'plot:csv': (a) => this.plots.csv(a),
      'dialog:propose': ({ id }) => proposeForSession(this.session(id), (m) => new CommandFailure(m)),
      'respond:list': () => this.responder.list(),
      'respond:add': (spec) => {
        if (spec.scope.kind === 'session') this.session(spec.scope.id);
        const rule = this.responder.add(spec);
        this.scheduleFlush();
        return rule;
      },
      'respond:set': ({ id, enabled }) => {
        const rule = this.responder.set(id, enabled);
        this.scheduleFlush();
        return rule;
      },
      'respond:remove': ({ id }) => {
        this.responder.remove(id);
        this.scheduleFlush();
        return null;
      },
      'run:start': (spec) => this.runStart(spec),
      'run:again': ({ id, cols, rows }) => this.runAgain(this.session(id), cols, rows),
      'replay:start': (args) => {
        this.launcher();
        return this.replays.start(args);
      },
      'replay:stop': ({ replayId }) => {
        this.replays.stop(replayId);
        return null;
      },
      'replay:list': () => this.replays.list(),
      'bookmark:list': ({ id }) => this.bookmarks.list(this.session(id).dir),
      'bookmark:set': ({ id, row, note }) => {
        const s = this.session(id);
        return this.bookmarksChanged(s, this.bookmarks.set(s.dir, row, s.store.count, note));
      },
      'bookmark:remove': ({ id, row }) => {
        const s = this.session(id);
        return this.bookmarksChanged(s, this.bookmarks.remove(s.dir, row));
      },
    };
  }

  async invoke<K extends CommandName>(cmd: K, args: CommandArgs<K>): Promise<CommandResult<K>> {
    const handler = this.handlers[cmd] as ((a: Commands[K]['args']) => Promise<CommandResult<K>> | CommandResult<K>) | undefined;
    if (!handler) throw new CommandFailure(`unknown command '${String(cmd)}'`);
    try {
      return await handler(args);
    } catch (err) {
      if (err instanceof SessionError || err instanceof RespondError || err instanceof BookmarkError || err instanceof LaunchError || err instanceof ReplayError) throw new CommandFailure(err.message);
      throw err;
    }
  }

  // ---- programs the core starts ------------------------------------------------------

  private runAbility(): RunAbility {
    const pty = (this.ptyAvailable ??= ptyInstalled());
    const why = this.runRefusal();
    return { allowed: why === null, ...(why ? { why } : {}), home: os.homedir(), pty };
  }

  private runRefusal(): string | null {
    if (!this.opts.runner) return 'this face of Porthole cannot start programs';
    if (!this.opts.allowRun) return this.opts.runOffReason ?? 'starting programs is turned off';
    return null;
  }

  private launcher(): Launcher<Session> {
    const why = this.runRefusal();
    if (why) throw new CommandFailure(why);
    const max = this.opts.maxConnections ?? LIMITS.maxConnections;
    if (this.liveCount() >= max) throw new CommandFailure(`not started: already ${max} scripts are sending at once (the maximum); close some sessions first`);
    this.launcherInstance ??= new Launcher(this.opts.runner!, (socket, req) => this.adoptLaunched(socket, req));
    return this.launcherInstance;
  }

  private adoptLaunched(socket: net.Socket, req: LaunchRequest): Session {
    if (this.closed) throw new CommandFailure('Porthole is shutting down');
    const s = this.newSession('started by Porthole', 'accepted');
    s.launch = { argv: req.argv, cwd: req.cwd, pty: req.pty, ...(req.encoding ? { encoding: req.encoding } : {}) };
    s.attach(socket, `started by Porthole in ${req.cwd}${req.pty ? ', on a pseudo-terminal' : ''}`);
    return s;
  }

  private async runStart(spec: RunSpec): Promise<SessionInfo> {
    const argv = splitCommand(spec.command.trim());
    if (argv.length === 0) throw new CommandFailure('no command to run');
    if (spec.encoding !== undefined && !isKnownEncoding(spec.encoding)) throw new CommandFailure(`unknown encoding '${spec.encoding}' (try utf-8, latin1, windows-1252)`);
    const home = os.homedir();
    const cwd = spec.cwd?.trim() ? path.resolve(home, spec.cwd.trim().replace(/^~(?=$|\/)/, home)) : home;
    const s = await this.launcher().start({ argv, cwd, pty: spec.pty === true, encoding: spec.encoding, cols: spec.cols, rows: spec.rows });
    return this.introduced(s);
  }

  /** The session once `porthole run`'s hello has named it (its first bytes, so at once), for the face to show. */
  private introduced(s: Session): Promise<SessionInfo> {
    if (s.pid !== undefined || s.state !== 'live') return Promise.resolve(s.info());
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        stop();
        resolve(s.info());
      };
      const stop = s.watch({ introduced: done, ended: done, closed: done });
      const timer = setTimeout(done, HELLO_WAIT_MS);
    });
  }

  /** The session's program again, as a new session; a session still running is closed first (which stops its program). */
  private async runAgain(s: Session, cols?: number, rows?: number): Promise<SessionInfo> {
    const launch = s.launch ?? (s.command && s.cwd && s.pid !== undefined ? { argv: splitCommand(s.command), cwd: s.cwd, pty: s.pty, ...(s.encoding !== 'utf-8' ? { encoding: s.encoding } : {}) } : null);
    if (!launch) throw new CommandFailure(`session ${s.id} was not started by porthole run or Run…: there is no command to run again`);
    const launcher = this.launcher();
    if (s.state !== 'closed' && !s.readOnly) {
      const closed = new Promise<void>((resolve) => {
        const stop = s.watch({ closed: () => {
          stop();
          resolve();
        } });
      });
      s.close();
      await Promise.race([closed, new Promise((r) => setTimeout(r, RUN_AGAIN_WAIT_MS).unref())]);
    }
    const next = await launcher.start({ ...launch, cols, rows });
    return this.introduced(next);
  }

  /** A connect-out session for a replay: resolves once connected, rejects after `giveUpMs`. */
  private connectSession(host: string, port: number, giveUpMs: number): Promise<Session> {
    return new Promise((resolve, reject) => {
      const info = this.startConnect({ host, port, giveUpMs });
      const unsubscribe = this.onEvents(() => {
        const c = this.connectors.get(info.id);
        if (!c) return;
        if (c.info.state === 'connected' && c.info.sessionId !== undefined) {
          unsubscribe();
          resolve(this.session(c.info.sessionId));
        } else if (c.info.state === 'failed' || c.info.state === 'cancelled') {
          unsubscribe();
          reject(new ReplayError(c.info.error ?? `could not connect to ${host}:${port}`));
        }
      });
    });
  }

  private bookmarksChanged(s: Session, list: ReturnType<BookmarkStore['list']>) {
    this.queue({ type: 'bookmarks', id: s.id, bookmarks: list });
    return list;
  }

  async exportSession(id: number, format: ExportFormat, out: Writable): Promise<void> {
    const s = this.session(id);
    const marks = this.bookmarks.list(s.dir);
    if (format === 'report') await writeQaReport(s.store, s.info(), marks, out);
    else await exportRows(s.store, format, out, marks);
  }

  exportFileName(id: number, format: ExportFormat): string {
    const s = this.session(id);
    if (format === 'report') return reportFileName(s.id, s.name);
    const name = s.name.replace(/[^\w.-]+/g, '_').slice(0, 60);
    return `porthole-${s.id}-${name}.${format === 'jsonl' ? 'jsonl' : 'txt'}`;
  }

  memoryStats(): { rows: number; indexBytes: number } {
    let rows = 0;
    let indexBytes = 0;
    for (const s of this.sessions.values()) {
      if (s.asleep) continue;
      rows += s.store.count;
      indexBytes += s.store.index.byteSize();
    }
    return { rows, indexBytes };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.tick);
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    for (const c of this.connectors.values()) c.cancel();
    this.reconnects.close();
    this.replays.close();
    this.launcherInstance?.close();
    for (const search of this.searches.values()) search.stop();
    this.plots.close();
    this.filters.close();
    this.responder.close();
    // Connections first: a listening server only finishes closing once its connections have.
    const closing = Promise.all([...this.sessions.values()].map((s) => s.destroy()));
    await Promise.all([...this.listeners.values()].map((l) => l.close()));
    // The sockets' close events record their notes and meta before the files close.
    await closing;
    this.flush();
    this.closed = true;
    for (const s of this.sessions.values()) s.shutdown();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.flushImmediate) clearImmediate(this.flushImmediate);
  }

  async start(): Promise<void> {
    this.applyRetention();
    this.retentionTimer = setInterval(() => this.applyRetention(), RETENTION_EVERY_MS);
    this.retentionTimer.unref();
    for (const spec of this.opts.respond ?? []) this.responder.add(spec);
    for (const spec of this.opts.listeners ?? []) await this.addListener(spec, true);
    for (const spec of this.opts.connects ?? []) this.startConnect(spec);
  }
}

/**
 * Starts the core. A data folder that cannot be used is a StartupError whose message
 * is one sentence for the person; nothing else about start-up throws.
 */
export async function createService(opts: ServiceOptions): Promise<CoreService> {
  const warning = prepareDataDir(path.resolve(opts.dataDir));
  const service = new Service(opts);
  if (warning) service.notice('warning', warning);
  await service.start();
  return service;
}
