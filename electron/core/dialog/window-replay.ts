/**
 * Dialog files replayed in the window: each runs its program as a new session (or
 * connects to it), and its steps are reported as `replay` events as they are met or
 * missed. The judging is `porthole replay`'s own (replay-run.ts) over the session's
 * output; replies are sent as the session's "auto" rows, so the transcript shows them.
 */
import path from 'node:path';
import { DialogError, parseDialog, type Dialog, type ExpectLine } from '../../../shared/dialog.ts';
import type { ReplayInfo, ReplayStepView } from '../../../shared/types.ts';
import { isKnownEncoding } from '../encoding.ts';
import type { LaunchRequest } from '../launcher.ts';
import { ptyInstalled } from '../pty-module.ts';
import type { Session } from '../session.ts';
import { endLabel, replayDialog, ReplaySkip, splitHostPort, stepLabel, type DialogResult, type StepResult } from './replay-run.ts';
import { sessionChannel } from './session-channel.ts';

export interface WindowReplayHost {
  /** Starts a program as a new session (through `porthole run`). */
  launch(req: LaunchRequest): Promise<Session>;
  /** Connects out to a program that listens, as a new session; rejects after `giveUpMs`. */
  connect(host: string, port: number, giveUpMs: number): Promise<Session>;
  /** A replay changed (sent to the faces as a `replay` event). */
  changed(info: ReplayInfo): void;
}

export class ReplayError extends Error {}

/** Finished replays kept for `replay:list` (the oldest are forgotten). */
const MAX_FINISHED = 20;
/** Replays running at once, at most. */
const MAX_RUNNING = 16;
const DEFAULT_TIMEOUT_S = 10;
const MAX_TIMEOUT_S = 600;
/** Changes within this long go out as one event (a dialog of many quick steps is not an event a step). */
const EMIT_MS = 50;

interface Replay {
  info: ReplayInfo;
  session: Session | null;
  stopped: boolean;
}

/** How an expected line reads beside the transcript: text as is, a pattern as /re/, a mask as written. */
function showExpect(l: ExpectLine): string {
  if (typeof l === 'string') return l;
  return 'regex' in l ? `/${l.regex}/` : l.mask;
}

function stepViews(d: Dialog): ReplayStepView[] {
  const views: ReplayStepView[] = d.steps.map((s, i) => {
    const last = i === d.steps.length - 1 && s.send === undefined && !s.eof;
    return { label: stepLabel(s, i, last), status: 'waiting', expect: s.expect.map(showExpect), ...(s.send !== undefined ? { send: s.send } : {}) };
  });
  views.push({ label: endLabel(d), status: 'waiting', expect: [] });
  return views;
}

export class WindowReplays {
  private readonly replays = new Map<number, Replay>();
  private nextId = 1;
  private closed = false;
  private readonly dirty = new Set<Replay>();
  private emitTimer: NodeJS.Timeout | null = null;

  constructor(private readonly host: WindowReplayHost) {}

  async start(args: { text: string; file: string; baseDir?: string; timeoutS?: number }): Promise<ReplayInfo> {
    if (this.closed) throw new ReplayError('Porthole is shutting down');
    let d: Dialog;
    try {
      d = parseDialog(args.text);
    } catch (err) {
      if (err instanceof DialogError) throw new ReplayError(`${args.file} is not a valid dialog: ${err.message}`);
      throw err;
    }
    const running = [...this.replays.values()].filter((r) => r.info.state === 'starting' || r.info.state === 'running').length;
    if (running >= MAX_RUNNING) throw new ReplayError(`${MAX_RUNNING} replays are running already; stop one or wait for it to end`);
    const timeoutMs = Math.min(MAX_TIMEOUT_S, Math.max(1, args.timeoutS ?? DEFAULT_TIMEOUT_S)) * 1000;
    let req: LaunchRequest | null = null;
    if (d.program) {
      const p = d.program;
      if (p.listen) throw new ReplayError(`${args.file}: a program that connects by itself (program.listen ${p.listen}) is replayed with porthole replay in a terminal, not in the window`);
      if (p.encoding && !isKnownEncoding(p.encoding)) throw new ReplayError(`${args.file}: unknown encoding '${p.encoding}'`);
      const rel = p.cwd ?? '.';
      let cwd: string;
      if (path.isAbsolute(rel)) cwd = rel;
      else if (args.baseDir?.trim()) {
        const base = args.baseDir.trim();
        if (!path.isAbsolute(base)) throw new ReplayError(`the dialog file's folder must be a full path, not '${base}'`);
        cwd = path.resolve(base, rel);
      } else throw new ReplayError(`${args.file} runs its program in '${rel}', relative to the dialog file's folder: say which folder the file is in`);
      req = { argv: p.command, cwd, pty: p.pty === true, ...(p.encoding ? { encoding: p.encoding } : {}), ...(p.env ? { env: p.env } : {}) };
      // The terminal `porthole replay` gives a pty program, so both replay it alike.
      if (req.pty) Object.assign(req, { cols: 120, rows: 32 });
    }

    const r: Replay = { info: { replayId: this.nextId++, sessionId: null, file: args.file, state: 'starting', steps: stepViews(d) }, session: null, stopped: false };
    this.replays.set(r.info.replayId, r);
    this.emitNow(r);
    void this.run(r, d, req, timeoutMs);
    return { ...r.info, steps: r.info.steps.map((s) => ({ ...s })) };
  }

  private async run(r: Replay, d: Dialog, req: LaunchRequest | null, timeoutMs: number): Promise<void> {
    let result: DialogResult;
    try {
      result = await replayDialog(d, {
        timeoutMs,
        baseDir: req?.cwd ?? '/',
        open: async () => {
          if (req?.pty) {
            const pty = ptyInstalled();
            if (pty !== true) throw new ReplaySkip(`recorded on a pseudo-terminal, which is not available here: ${pty}`);
          }
          let session: Session;
          if (req) session = await this.host.launch(req);
          else {
            const at = splitHostPort(d.connect!);
            session = await this.host.connect(at.host, at.port, timeoutMs);
          }
          r.session = session;
          r.info.sessionId = session.id;
          if (r.stopped) {
            this.closeSession(r);
            throw new Error('stopped');
          }
          r.info.state = 'running';
          this.emit(r);
          return sessionChannel(session);
        },
        progress: (i, status) => {
          if (r.stopped) return;
          const view = r.info.steps[i];
          if (!view) return;
          if (status === 'running') view.status = 'running';
          else this.applyResult(view, status);
          this.emit(r);
        },
      });
    } catch (err) {
      // A reply the session would not take (its queue full, its input closed): the replay ends there.
      if (r.stopped) return;
      const at = r.info.steps.findIndex((v) => v.status === 'running');
      for (const [i, v] of r.info.steps.entries()) {
        if (i === at) Object.assign(v, { status: 'fail', message: (err as Error).message });
        else if (v.status === 'waiting' || v.status === 'running') Object.assign(v, { status: 'skip', message: 'not reached' });
      }
      r.info.state = 'fail';
      r.info.message = (err as Error).message;
      this.closeSession(r);
      this.emitNow(r);
      this.forgetOld();
      return;
    }
    if (r.stopped) return;
    this.finish(r, d, result);
  }

  private applyResult(view: ReplayStepView, s: StepResult): void {
    view.status = s.status;
    if (s.message) view.message = s.message;
    else delete view.message;
    if (s.diff) view.diff = s.diff;
  }

  private finish(r: Replay, d: Dialog, result: DialogResult): void {
    const startFailed = result.steps.length === 1 && result.steps[0].label === 'start';
    if (result.status === 'skip') {
      r.info.state = 'skip';
      r.info.message = result.skipReason;
      for (const v of r.info.steps) v.status = 'skip';
    } else if (startFailed) {
      r.info.state = 'fail';
      r.info.message = `could not start: ${result.steps[0].message}`;
      for (const v of r.info.steps) if (v.status === 'waiting' || v.status === 'running') v.status = 'skip';
    } else {
      result.steps.forEach((s, i) => {
        if (r.info.steps[i]) this.applyResult(r.info.steps[i], s);
      });
      r.info.state = result.status;
      const at = result.steps.findIndex((s) => s.status === 'fail');
      if (at >= 0) r.info.message = `${at < d.steps.length ? `step ${at + 1}` : 'the end'} missed: ${result.steps[at].message ?? 'see the step'}`;
    }
    // A missed step leaves the program where it went astray: stop it, keeping its transcript.
    if (r.info.state === 'fail') this.closeSession(r);
    this.emitNow(r);
    this.forgetOld();
  }

  private closeSession(r: Replay): void {
    try {
      if (r.session && r.session.state !== 'closed') r.session.close();
    } catch {
      // Already closed: nothing to stop.
    }
  }

  private emit(r: Replay): void {
    this.dirty.add(r);
    this.emitTimer ??= setTimeout(() => {
      this.emitTimer = null;
      const rs = [...this.dirty];
      this.dirty.clear();
      for (const x of rs) this.emitNow(x);
    }, EMIT_MS);
  }

  private emitNow(r: Replay): void {
    this.dirty.delete(r);
    this.host.changed({ ...r.info, steps: r.info.steps.map((s) => ({ ...s })) });
  }

  private forgetOld(): void {
    const finished = [...this.replays.values()].filter((x) => x.info.state !== 'starting' && x.info.state !== 'running');
    for (const x of finished.slice(0, Math.max(0, finished.length - MAX_FINISHED))) this.replays.delete(x.info.replayId);
  }

  stop(replayId: number): void {
    const r = this.replays.get(replayId);
    if (!r) throw new ReplayError(`there is no replay ${replayId}`);
    if (r.info.state !== 'starting' && r.info.state !== 'running') return;
    r.stopped = true;
    r.info.state = 'stopped';
    r.info.message = 'the program was stopped; its transcript is kept';
    for (const v of r.info.steps) if (v.status === 'waiting' || v.status === 'running') v.status = 'skip';
    this.closeSession(r);
    this.emitNow(r);
    this.forgetOld();
  }

  list(): ReplayInfo[] {
    return [...this.replays.values()].map((r) => ({ ...r.info, steps: r.info.steps.map((s) => ({ ...s })) }));
  }

  close(): void {
    this.closed = true;
    if (this.emitTimer) clearTimeout(this.emitTimer);
    this.emitTimer = null;
    this.dirty.clear();
    for (const r of this.replays.values()) {
      if (r.info.state === 'starting' || r.info.state === 'running') {
        r.stopped = true;
        r.info.state = 'stopped';
        this.closeSession(r);
      }
    }
  }
}
