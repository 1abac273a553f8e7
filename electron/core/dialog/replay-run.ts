/**
 * Replaying one dialog headless: start the program as recorded (or connect to it), wait
 * for each step's expected output, send its reply, then check the end. Every step gives
 * a result; a miss stops the dialog, kills the program and says what arrived instead.
 * With `update`, a step whose output differs is taken as it is once output has been
 * quiet a moment, the reply is sent anyway, and the new expectations are returned.
 */
import path from 'node:path';
import type { Dialog, DialogStep, ExpectLine } from '../../../shared/dialog.ts';
import { matchLine, updateLine, type MaskHints } from '../../../shared/dialog-match.ts';
import type { ExitStatus } from '../../../shared/types.ts';
import { codecFor, isKnownEncoding } from '../encoding.ts';
import { connectTo, listenFor, spawnPiped, spawnPty, type Channel } from './replay-channel.ts';
import { findExecutable, lineBufferedLaunch } from './replay-launch.ts';

export interface ReplayOptions {
  /** Longest wait for one step's output, and for the end. */
  timeoutMs: number;
  update?: boolean;
  /** Folder the dialog file is in: relative working directories count from it. */
  baseDir: string;
  /** The pty module, or why there is none (a pty dialog is then skipped). */
  pty?: () => Promise<typeof import('@lydell/node-pty') | string>;
  /** Opens the program's channel instead of starting it here (the window: a session); throw ReplaySkip to skip the dialog. */
  open?: () => Promise<Channel>;
  /** Each step as it starts and as it ends (index `d.steps.length` is the end). */
  progress?: (index: number, status: 'running' | StepResult) => void;
}

export interface StepResult {
  label: string;
  status: 'pass' | 'fail' | 'skip';
  /** One line: what went wrong. */
  message?: string;
  /** Expected against got, line by line. */
  diff?: string[];
  ms: number;
}

export interface DialogResult {
  status: 'pass' | 'fail' | 'skip';
  skipReason?: string;
  steps: StepResult[];
  ms: number;
  /** The dialog with expectations from this run (with `update`). */
  updated?: Dialog;
  stderr: string;
}

/** Output quiet this long, in update mode, closes a step that did not match. */
const SETTLE_MS = 400;
/** Output kept for one step at most. */
const MAX_STEP_BYTES = 4 * 1024 * 1024;
const MAX_STDERR = 64 * 1024;

type Verdict = { kind: 'met'; consume: number; lines: string[] } | { kind: 'miss'; line: number; lines: string[] } | { kind: 'wait' };

export function stepLabel(step: DialogStep, i: number, last: boolean): string {
  const what = step.send !== undefined ? `then send ${JSON.stringify(step.send)}` : step.eof ? 'then close input' : last ? 'then the end' : '';
  return `step ${i + 1}: ${step.expect.length} line${step.expect.length === 1 ? '' : 's'}${what ? `, ${what}` : ''}`;
}

/** The output so far as lines: complete ones (their end offsets) and the unfinished rest. */
function splitLines(buf: Buffer, decode: (b: Buffer) => string): { complete: string[]; ends: number[]; partial: string } {
  const complete: string[] = [];
  const ends: number[] = [];
  let at = 0;
  for (let nl = buf.indexOf(10, at); nl !== -1; nl = buf.indexOf(10, at)) {
    complete.push(decode(buf.subarray(at, nl)).replace(/\r+$/, ''));
    ends.push(nl + 1);
    at = nl + 1;
  }
  return { complete, ends, partial: decode(buf.subarray(at)).replace(/\r+$/, '') };
}

function judge(expect: ExpectLine[], buf: Buffer, decode: (b: Buffer) => string, final: boolean, eof: boolean): Verdict {
  const { complete, ends, partial } = splitLines(buf, decode);
  const all = partial ? [...complete, partial] : complete;
  const n = expect.length;
  for (let i = 0; i < Math.min(n, complete.length); i++) if (!matchLine(expect[i], complete[i])) return { kind: 'miss', line: i, lines: all };
  if (final) {
    if (!eof) return { kind: 'wait' };
    if (all.length !== n) return { kind: 'miss', line: Math.min(all.length, n), lines: all };
    if (partial && !matchLine(expect[n - 1], partial)) return { kind: 'miss', line: n - 1, lines: all };
    return { kind: 'met', consume: buf.length, lines: all };
  }
  if (n === 0) return { kind: 'met', consume: 0, lines: [] };
  if (complete.length >= n) return { kind: 'met', consume: ends[n - 1], lines: complete.slice(0, n) };
  if (complete.length === n - 1 && partial && matchLine(expect[n - 1], partial)) return { kind: 'met', consume: buf.length, lines: all };
  if (eof) return { kind: 'miss', line: all.length, lines: all };
  return { kind: 'wait' };
}

/** Expected against got, one line each; masks and patterns shown as written. */
export function diffLines(expect: ExpectLine[], got: string[]): string[] {
  const out: string[] = [];
  const show = (l: ExpectLine) => (typeof l === 'string' ? JSON.stringify(l) : 'regex' in l ? `/${l.regex}/` : `${JSON.stringify(l.mask)} (mask)`);
  for (let i = 0; i < Math.max(expect.length, got.length); i++) {
    const e = expect[i];
    const g = got[i];
    if (e !== undefined && g !== undefined && matchLine(e, g)) out.push(`  ${i + 1}  ok        ${JSON.stringify(g)}`);
    else {
      out.push(`  ${i + 1}  expected  ${e === undefined ? '(no more lines)' : show(e)}`);
      out.push(`  ${' '.repeat(String(i + 1).length)}  got       ${g === undefined ? '(nothing)' : JSON.stringify(g)}`);
    }
  }
  return out;
}

function describeExit(s: ExitStatus | null): string {
  if (!s) return 'still running';
  return s.signal ? `stopped by ${s.signal}` : `exit status ${s.code}`;
}

export async function replayDialog(d: Dialog, opts: ReplayOptions): Promise<DialogResult> {
  const started = Date.now();
  const steps: StepResult[] = [];
  let stderr = '';
  const result = (status: DialogResult['status'], extra: Partial<DialogResult> = {}): DialogResult => ({ status, steps, ms: Date.now() - started, stderr, ...extra });
  const encoding = d.program?.encoding && isKnownEncoding(d.program.encoding) ? d.program.encoding : 'utf-8';
  if (d.program?.encoding && !isKnownEncoding(d.program.encoding)) return result('fail', { steps: [{ label: 'start', status: 'fail', message: `unknown encoding '${d.program.encoding}'`, ms: 0 }] });
  const codec = codecFor(encoding);
  const decode = (b: Buffer) => codec.decode(b);

  let channel: Channel;
  try {
    channel = await (opts.open ? opts.open() : open(d, opts));
  } catch (err) {
    if (err instanceof Skip) return result('skip', { skipReason: err.message });
    steps.push({ label: 'start', status: 'fail', message: (err as Error).message, ms: Date.now() - started });
    return result('fail');
  }

  let buf = Buffer.alloc(0);
  let eof = false;
  let exit: ExitStatus | null = null;
  let lastOutputAt = Date.now();
  let wake: (() => void) | null = null;
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  channel.onOut((data) => {
    buf = buf.length + data.length > MAX_STEP_BYTES ? Buffer.concat([buf, data]).subarray(-MAX_STEP_BYTES) : Buffer.concat([buf, data]);
    lastOutputAt = Date.now();
    poke();
  });
  channel.onErr((data) => {
    if (stderr.length < MAX_STDERR) stderr += decode(data);
  });
  channel.onEnd(() => {
    eof = true;
    poke();
  });
  channel.onExit((s) => {
    exit = s;
    poke();
  });
  /** Resolves on the next output, end or exit, or after `ms`. */
  const nextEvent = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve();
      }, Math.max(1, ms));
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const hints: MaskHints = channel.pid ? { pid: channel.pid } : {};
  const updated: Dialog | undefined = opts.update ? { ...d, steps: [] } : undefined;
  const encode = (s: string) => codec.encode(s);
  let failed = false;
  try {
    for (let i = 0; i < d.steps.length; i++) {
      const step = d.steps[i];
      const final = i === d.steps.length - 1 && step.send === undefined && !step.eof;
      const needEof = final && d.end?.eof !== false;
      const label = stepLabel(step, i, final);
      opts.progress?.(i, 'running');
      const t0 = Date.now();
      const deadline = t0 + opts.timeoutMs;
      let verdict: Verdict;
      for (;;) {
        verdict = judge(step.expect, buf, decode, needEof, eof);
        if (verdict.kind === 'met') break;
        const now = Date.now();
        if (opts.update && (verdict.kind === 'miss' || now >= deadline) && (eof || now - lastOutputAt >= SETTLE_MS || now >= deadline)) break;
        if (!opts.update && verdict.kind === 'miss') break;
        if (now >= deadline) break;
        await nextEvent(Math.min(deadline - now, opts.update && verdict.kind === 'miss' ? SETTLE_MS - (now - lastOutputAt) : deadline - now));
      }
      if (verdict.kind === 'met') {
        buf = buf.subarray(verdict.consume);
        steps.push({ label, status: 'pass', ms: Date.now() - t0 });
        opts.progress?.(i, steps[steps.length - 1]);
        updated?.steps.push({ ...step, expect: verdict.lines.map((t, k) => updateLine(step.expect[k], t, hints)) });
      } else if (opts.update) {
        // Taken as it came: every line so far (a final step waits for the end above).
        const { complete, partial } = splitLines(buf, decode);
        const lines = partial ? [...complete, partial] : complete;
        buf = Buffer.alloc(0);
        steps.push({ label, status: 'pass', message: 'updated', ms: Date.now() - t0 });
        opts.progress?.(i, steps[steps.length - 1]);
        updated!.steps.push({ ...step, expect: lines.map((t, k) => updateLine(step.expect[k], t, hints)) });
      } else {
        const { complete, partial } = splitLines(buf, decode);
        const got = partial ? [...complete, partial] : complete;
        const why =
          verdict.kind === 'miss'
            ? verdict.line < step.expect.length
              ? verdict.line < got.length
                ? `line ${verdict.line + 1} differs`
                : `output ended (${eof ? 'EOF' : describeExit(exit)}) before line ${verdict.line + 1}`
              : `${got.length - step.expect.length} more line${got.length - step.expect.length === 1 ? '' : 's'} than expected`
            : `timed out after ${opts.timeoutMs / 1000} s waiting for ${needEof && judge(step.expect, buf, decode, false, false).kind === 'met' ? 'the end of output (EOF)' : 'the expected output'}`;
        steps.push({ label, status: 'fail', message: why, diff: diffLines(step.expect, got), ms: Date.now() - t0 });
        opts.progress?.(i, steps[steps.length - 1]);
        failed = true;
        break;
      }
      if (step.send !== undefined) {
        if (channel.reply) channel.reply(step.send, step.ending ?? 'lf');
        else channel.write(encode(step.send + ({ lf: '\n', crlf: '\r\n', none: '' } as const)[step.ending ?? 'lf']));
      }
      if (step.eof) channel.closeInput();
    }
    if (failed) {
      for (let i = steps.length; i < d.steps.length; i++) steps.push({ label: stepLabel(d.steps[i], i, i === d.steps.length - 1), status: 'skip', message: 'not reached', ms: 0 });
      steps.push({ label: 'end', status: 'skip', message: 'not reached', ms: 0 });
      return result('fail');
    }
    // The end: output over (when expected) and the exit status.
    const t0 = Date.now();
    opts.progress?.(d.steps.length, 'running');
    const deadline = t0 + opts.timeoutMs;
    const wantExit = d.program && d.end?.exit !== undefined;
    while ((d.end?.eof !== false && !eof) || (wantExit && !exit)) {
      if (Date.now() >= deadline) break;
      await nextEvent(deadline - Date.now());
    }
    const problems: string[] = [];
    if (d.end?.eof !== false && !eof) problems.push(`output did not end within ${opts.timeoutMs / 1000} s (the program was killed)`);
    const x = exit as ExitStatus | null;
    if (wantExit && (!x || x.code !== d.end!.exit)) {
      if (opts.update && x && x.code !== null) updated!.end = { ...d.end, exit: x.code };
      else problems.push(`expected exit status ${d.end!.exit}, got ${describeExit(x)}`);
    }
    if (opts.update && !wantExit && x && x.code !== null && d.program && d.end?.exit === undefined && d.end !== undefined) updated!.end = { ...d.end, exit: x.code };
    if (problems.length) {
      steps.push({ label: endLabel(d), status: 'fail', message: problems.join('; '), ms: Date.now() - t0 });
      opts.progress?.(d.steps.length, steps[steps.length - 1]);
      return result('fail');
    }
    steps.push({ label: endLabel(d), status: 'pass', ms: Date.now() - t0 });
    opts.progress?.(d.steps.length, steps[steps.length - 1]);
    return result('pass', updated ? { updated } : {});
  } finally {
    channel.dispose();
  }
}

/** Why a dialog cannot be replayed here (a pty dialog without a pty): skipped, not failed. */
export class ReplaySkip extends Error {}
const Skip = ReplaySkip;

/** The label of a dialog's end (EOF, exit status), as results name it. */
export function endLabel(d: Dialog): string {
  const wantExit = d.program && d.end?.exit !== undefined;
  return `end: ${d.end?.eof !== false ? 'EOF' : 'no EOF check'}${wantExit ? `, exit status ${d.end!.exit}` : ''}`;
}

/** "host:port" or "[v6]:port" as a dialog holds it. */
export function splitHostPort(at: string): { host: string; port: number } {
  const i = at.lastIndexOf(':');
  return { host: at.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(at.slice(i + 1)) };
}

async function open(d: Dialog, opts: ReplayOptions): Promise<Channel> {
  if (d.connect) {
    const at = splitHostPort(d.connect);
    return connectTo(at.host, at.port, Date.now() + opts.timeoutMs);
  }
  const p = d.program!;
  const cwd = path.resolve(opts.baseDir, p.cwd ?? '.');
  const env = { ...process.env, ...(p.env ?? {}) };
  const program = findExecutable(p.command[0], env, cwd);
  if (!program) throw new Error(`${p.command[0]}: command not found`);
  if (p.listen) {
    const at = splitHostPort(p.listen);
    return listenFor(at.host, at.port, { file: program, args: p.command.slice(1), cwd, env }, Date.now() + opts.timeoutMs);
  }
  if (p.pty) {
    const mod = opts.pty ? await opts.pty() : 'no pseudo-terminal support was given';
    if (typeof mod === 'string') throw new Skip(`recorded on a pseudo-terminal, which is not available here: ${mod}`);
    return spawnPty(mod, { file: program, args: p.command.slice(1), cwd, env });
  }
  // Output line-buffered as `porthole run` made it when the dialog was recorded.
  const launch = lineBufferedLaunch(program, p.command.slice(1), env);
  return spawnPiped({ file: launch.file, args: launch.args, cwd, env: launch.env });
}
