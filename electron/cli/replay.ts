/** `porthole replay FILE…`: runs dialog files as tests, headless (no Porthole, no window). */
import fs from 'node:fs';
import path from 'node:path';
import { DialogError, parseDialog, writeDialog, type Dialog } from '../../shared/dialog.ts';
import { junitXml, type NamedResult } from '../core/dialog/junit.ts';
import { disposeAll } from '../core/dialog/replay-channel.ts';
import { replayDialog } from '../core/dialog/replay-run.ts';
import { UsageError } from '../core/options.ts';
import { loadPty } from './run-pty.ts';

export const REPLAY_HELP = `usage: porthole replay FILE… [--junit OUT.xml] [--timeout S] [--update]

Runs each dialog file (*.dialog.json, docs/dialogs.md) as a test: starts the program as
recorded (or connects to it), waits for each step's output, sends each reply, checks
the end (EOF, exit status), and prints a result per step, with what arrived instead
when a step is missed. Needs no running Porthole.

  --timeout S   longest wait for one step's output and for the end (default 10); a
                program still running then is killed
  --junit FILE  also write the results as JUnit XML
  --update      take the expectations from this run and rewrite the files (patterns
                that still match are kept)

Exit status: 0 every dialog passed, 1 one failed, 2 bad arguments or an unreadable or
invalid dialog file.
`;

interface ReplayArgs {
  files: string[];
  junit?: string;
  timeoutMs: number;
  update: boolean;
}

export function parseReplayArgs(argv: string[]): ReplayArgs | 'help' {
  const out: ReplayArgs = { files: [], timeoutMs: 10_000, update: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const key = a.startsWith('--') ? a.slice(2, eq < 0 ? undefined : eq) : null;
    const value = () => {
      const v = eq < 0 ? argv[++i] : a.slice(eq + 1);
      if (v === undefined) throw new UsageError(`--${key} needs a value`);
      return v;
    };
    if (a === '-h' || key === 'help') return 'help';
    else if (key === 'junit') out.junit = value();
    else if (key === 'timeout') {
      const v = value();
      const s = Number(v);
      if (!Number.isFinite(s) || s <= 0) throw new UsageError(`--timeout wants seconds, not '${v}'`);
      out.timeoutMs = s * 1000;
    } else if (key === 'update' && eq < 0) out.update = true;
    else if (a.startsWith('-')) throw new UsageError(`unknown flag '${a}'`);
    else out.files.push(a);
  }
  if (!out.files.length) throw new UsageError('no dialog files: porthole replay FILE…');
  return out;
}

const MARK = { pass: 'ok  ', fail: 'FAIL', skip: 'skip' } as const;

export async function main(argv: string[]): Promise<number> {
  let args: ReplayArgs | 'help';
  try {
    args = parseReplayArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`porthole replay: ${err.message}\n\n${REPLAY_HELP}`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(REPLAY_HELP);
    return 0;
  }
  // Every file is read and checked before anything runs: a typo costs no test run.
  const dialogs: { file: string; dialog: Dialog }[] = [];
  for (const file of args.files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      process.stderr.write(`porthole replay: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
      return 2;
    }
    try {
      dialogs.push({ file, dialog: parseDialog(text) });
    } catch (err) {
      if (!(err instanceof DialogError)) throw err;
      process.stderr.write(`porthole replay: ${file}: not a valid dialog: ${err.message}\n`);
      return 2;
    }
  }
  const results: NamedResult[] = [];
  const interrupted = (signal: NodeJS.Signals) => {
    disposeAll();
    process.stderr.write(`porthole replay: stopped by ${signal}; the program was killed\n`);
    process.exit(130);
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  for (const { file, dialog } of dialogs) {
    const name = dialog.name ?? path.basename(file).replace(/\.dialog\.json$|\.json$/, '');
    const what = dialog.connect ? `connect ${dialog.connect}` : dialog.program!.command.join(' ');
    process.stdout.write(`${file} (${what})\n`);
    const result = await replayDialog(dialog, { timeoutMs: args.timeoutMs, update: args.update, baseDir: path.dirname(path.resolve(file)), pty: loadPty });
    results.push({ file, name, result });
    if (result.status === 'skip' && !result.steps.length) process.stdout.write(`  skip  ${result.skipReason}\n`);
    for (const s of result.steps) {
      process.stdout.write(`  ${MARK[s.status]}  ${s.label}${s.message ? ` — ${s.message}` : ''}\n`);
      for (const line of s.diff ?? []) process.stdout.write(`        ${line}\n`);
    }
    if (result.status === 'fail' && result.stderr) process.stdout.write(`  the program's stderr:\n${result.stderr.replace(/\n$/, '').split('\n').slice(-20).map((l) => `        ${l}`).join('\n')}\n`);
    if (args.update && result.updated) {
      fs.writeFileSync(file, writeDialog(result.updated));
      process.stdout.write(`  updated ${file}\n`);
    }
    process.stdout.write(`  ${result.status === 'pass' ? 'PASS' : result.status === 'skip' ? 'SKIPPED' : 'FAILED'} in ${(result.ms / 1000).toFixed(2)} s\n`);
  }
  const failed = results.filter((r) => r.result.status === 'fail').length;
  const skipped = results.filter((r) => r.result.status === 'skip').length;
  process.stdout.write(`\n${results.length - failed - skipped} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  if (args.junit) {
    try {
      fs.writeFileSync(args.junit, junitXml(results));
    } catch (err) {
      process.stderr.write(`porthole replay: cannot write ${args.junit}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
      return 2;
    }
  }
  return failed ? 1 : 0;
}
