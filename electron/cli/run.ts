/** `porthole run -- CMD ARGS…`: runs an unmodified program attached to a new Porthole session. */
import { UsageError } from '../core/options.ts';
import { defaultSessionName, displayCommand, parseRunArgs, RUN_HELP, type RunOptions } from './run-args.ts';
import { findExecutable } from './run-buffering.ts';
import { connectPorthole, describeTarget, notListeningMessage, NotReachable, type Target } from './run-connect.ts';
import { loadPty, runAttachedPty, terminalSize } from './run-pty.ts';
import { runAttached } from './run-session.ts';

/** sysexits.h EX_UNAVAILABLE: the service the program needs is not there. */
export const EXIT_NOT_LISTENING = 69;

export async function main(argv: string[]): Promise<number> {
  let opts: RunOptions | 'help';
  try {
    opts = parseRunArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`porthole run: ${err.message}\n\n${RUN_HELP}`);
    return 2;
  }
  if (opts === 'help') {
    process.stdout.write(RUN_HELP);
    return 0;
  }

  // Checked before connecting so a typo does not open a session that only says "not found".
  const program = findExecutable(opts.command[0]);
  if (!program) {
    process.stderr.write(`porthole run: ${opts.command[0]}: command not found\n`);
    return 127;
  }

  // Loaded before connecting, so a machine without a pty says so before any session opens.
  const ptyModule = opts.pty ? await loadPty() : null;
  if (typeof ptyModule === 'string') {
    process.stderr.write(`porthole run: ${ptyModule}\n`);
    return 2;
  }

  const target: Target = opts.unix ? { path: opts.unix } : { host: opts.host, port: opts.port };
  const giveUp = new AbortController();
  const onInterrupt = () => giveUp.abort();
  process.once('SIGINT', onInterrupt);
  let socket;
  try {
    socket = await connectPorthole(target, {
      wait: opts.wait,
      signal: giveUp.signal,
      onWaiting: () => process.stderr.write(`porthole run: waiting for Porthole on ${describeTarget(target)}… (Ctrl-C to give up)\n`),
    });
  } catch (err) {
    if (!(err instanceof NotReachable)) throw err;
    process.stderr.write(giveUp.signal.aborted ? 'porthole run: gave up waiting for Porthole; the program was not started.\n' : notListeningMessage(target, err.message));
    return giveUp.signal.aborted ? 130 : EXIT_NOT_LISTENING;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }

  const session = {
    program,
    args: opts.command.slice(1),
    name: opts.name ?? defaultSessionName(opts.command),
    command: displayCommand(opts.command),
    encoding: opts.encoding,
    tee: opts.tee,
    graceMs: opts.graceMs,
    // A program that is itself a Porthole client (the Python module, or `porthole run`
    // nested in a script) finds the same Porthole.
    env: opts.unix ? process.env : { ...process.env, PORTHOLE_HOST: opts.host, PORTHOLE_PORT: String(opts.port) },
  };
  return ptyModule ? runAttachedPty(socket, ptyModule, { ...session, size: opts.size ?? terminalSize() }) : runAttached(socket, session);
}
