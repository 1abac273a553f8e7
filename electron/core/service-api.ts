/** The one object every face (Electron IPC, browser WebSocket, terminal) talks to. */
import type { Writable } from 'node:stream';
import type { CommandArgs, CommandName, CommandResult } from '../../shared/contract.ts';
import type { AppInfo, ConnectSpec, ExportFormat, ListenerSpec, PortholeEvent } from '../../shared/types.ts';

export interface ServiceOptions {
  /** Where transcripts live (see data-dir.ts for the default). */
  dataDir: string;
  /** Listeners to open at start; default: none. */
  listeners?: ListenerSpec[];
  /** Scripts to connect out to at start. */
  connects?: ConnectSpec[];
  /** Encoding of new sessions (default utf-8). */
  encoding?: string;
  face?: AppInfo['face'];
  maxConnections?: number;
  maxLineBytes?: number;
  /** Peer addresses allowed to connect (empty or absent: everyone who can reach the listener). */
  allow?: string[];
  /** Replies queued for a script that is not reading are refused beyond this many bytes (default 16 MiB). */
  maxQueuedBytes?: number;
  /** Half-closed connections kept writable at most (default 32); the idlest beyond are closed. */
  maxHalfOpen?: number;
  /** Past sessions kept: the newest, up to this many and this many bytes (checked at start and hourly). */
  retention?: { maxSessions: number; maxBytes: number };
  /** Auto-response rules from the command line (`--respond`). */
  respond?: import('../../shared/respond.ts').RespondSpec[];
  /** How to start `porthole run`, through which the core starts programs (Run…, Run again, Replay). */
  runner?: import('./launcher.ts').RunnerSpawn;
  /**
   * Whether the faces may start programs: true for the desktop app; the browser face
   * only with `porthole serve --allow-run`, since whoever holds its sign-in could then
   * run any command as this user. Default false.
   */
  allowRun?: boolean;
  /** Why running programs is off, when it is (said to the person). */
  runOffReason?: string;
}

export interface CoreService {
  invoke<K extends CommandName>(cmd: K, args: CommandArgs<K>): Promise<CommandResult<K>>;
  /** Batched events; returns an unsubscribe function. */
  onEvents(listener: (events: PortholeEvent[]) => void): () => void;
  /** Writes the session's transcript in the given format to `out` (does not end it). */
  exportSession(id: number, format: ExportFormat, out: Writable): Promise<void>;
  /** A file name to suggest for an export, e.g. "porthole-3-app.py.txt". */
  exportFileName(id: number, format: ExportFormat): string;
  /** What the line stores hold in memory (for the benchmarks and diagnostics). */
  memoryStats(): { rows: number; indexBytes: number };
  readonly dataDir: string;
  close(): Promise<void>;
}
