/** Flags of `porthole run`. Everything from the first non-flag word (or after `--`) is the program's own. */
import path from 'node:path';
import { DEFAULT_HOST, DEFAULT_PORT } from '../../shared/limits.ts';
import { parsePort, UsageError } from '../core/options.ts';

export interface RunOptions {
  host: string;
  port: number;
  unix?: string;
  name?: string;
  encoding?: string;
  wait: boolean;
  tee: boolean;
  /** Run the program on a pseudo-terminal. */
  pty: boolean;
  /** Milliseconds between the polite signal and SIGKILL. */
  graceMs: number;
  /** The pseudo-terminal's size, when given (else this terminal's). */
  size?: { cols: number; rows: number };
  command: string[];
}

export const RUN_HELP = `usage: porthole run [--host H] [--port P] [--unix PATH] [--name N] [--wait] [--tee] [--pty] -- CMD ARGS…

Runs CMD attached to a new session of a running Porthole (the app, \`porthole serve\`
or \`porthole listen\`): its stdout and stderr appear as they are written, stderr apart,
what you send arrives on its stdin, Send EOF closes its stdin, and its exit status is
shown. Output is made line-buffered without changing the program (see docs/client-kit.md).
Exits with the program's status (128+N when it was killed by signal N).

  --host H       where Porthole listens (default $PORTHOLE_HOST, else ${DEFAULT_HOST}: 127.0.0.1 and ::1)
  --port P       its TCP port (default $PORTHOLE_PORT, else ${DEFAULT_PORT})
  --unix PATH    connect to Porthole's Unix domain socket instead
  --name N       session name (default: the script or program name)
  --encoding E   encoding of the program's output, if not UTF-8
  --wait         if Porthole is not running yet, wait for it instead of failing
  --tee          also copy the program's output to this terminal
  --pty          run the program on a pseudo-terminal, as in a terminal: prompts such
                 as Python's >>> and getpass, colour and progress bars work; stdout
                 and stderr become one stream; typed input is echoed by the terminal
                 (not when the program turns echo off, as for a password)
  --size CxR     the pseudo-terminal's columns and rows, e.g. 120x40 (default: this
                 terminal's size, else 80x24)
  --grace SEC    seconds between the polite stop signal and SIGKILL (default 3)
`;

const VALUE_FLAGS = new Set(['host', 'port', 'unix', 'name', 'encoding', 'grace', 'size']);
const BOOL_FLAGS = new Set(['wait', 'tee', 'pty', 'help']);

export function parseRunArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): RunOptions | 'help' {
  const values = new Map<string, string | true>();
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      i++;
      break;
    }
    if (arg === '-h') return 'help';
    if (!arg.startsWith('--')) break;
    const eq = arg.indexOf('=');
    const key = arg.slice(2, eq < 0 ? undefined : eq);
    if (BOOL_FLAGS.has(key) && eq < 0) {
      if (key === 'help') return 'help';
      values.set(key, true);
    } else if (VALUE_FLAGS.has(key)) {
      const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined) throw new UsageError(`--${key} needs a value`);
      values.set(key, value);
    } else {
      throw new UsageError(`unknown flag '${arg}' (the program to run goes after --)`);
    }
  }
  const command = argv.slice(i);
  if (command.length === 0) throw new UsageError('no program to run: porthole run [flags] -- CMD ARGS…');
  const str = (k: string) => values.get(k) as string | undefined;
  const graceText = str('grace') ?? '3';
  const grace = Number(graceText);
  if (!Number.isFinite(grace) || grace < 0) throw new UsageError(`--grace wants seconds, not '${graceText}'`);
  const portText = str('port') ?? env.PORTHOLE_PORT;
  const sizeText = str('size');
  const size = sizeText === undefined ? undefined : /^(\d{1,4})x(\d{1,4})$/.exec(sizeText);
  if (size === null || (size && (Number(size[1]) < 1 || Number(size[2]) < 1))) throw new UsageError(`--size wants COLUMNSxROWS, e.g. 120x40, not '${sizeText}'`);
  return {
    host: str('host') ?? (env.PORTHOLE_HOST || DEFAULT_HOST),
    port: portText ? parsePort(portText) : DEFAULT_PORT,
    unix: str('unix'),
    name: str('name'),
    encoding: str('encoding'),
    wait: values.get('wait') === true,
    tee: values.get('tee') === true,
    pty: values.get('pty') === true,
    graceMs: grace * 1000,
    ...(size ? { size: { cols: Number(size[1]), rows: Number(size[2]) } } : {}),
    command,
  };
}

const INTERPRETER = /^(python[\d.]*|pypy[\d.]*|node|deno|bun|tsx|ruby|perl|php|sh|bash|dash|zsh|ksh|fish|lua[\d.]*|Rscript)$/;

/**
 * The session's default name: for `python app.py` the script ("app.py"), for
 * `python -m http.server` the module, otherwise the program's file name.
 */
export function defaultSessionName(command: string[]): string {
  const prog = path.basename(command[0]);
  if (!INTERPRETER.test(prog)) return prog;
  for (let i = 1; i < command.length; i++) {
    const a = command[i];
    if (a === '-m' && command[i + 1]) return command[i + 1];
    if (a === '-c' || a === '-e') return prog;
    if (!a.startsWith('-')) return path.basename(a);
  }
  return prog;
}

/** The command line as a person would type it, for display. */
export { joinCommand as displayCommand } from '../core/dialog/split-command.ts';
