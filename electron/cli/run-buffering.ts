/**
 * How `porthole run` gets line-buffered output from programs that were never told to
 * flush, without editing them.
 *
 * A program whose stdout is a pipe usually buffers it in blocks of 4–64 KiB, so a
 * script that prints a line a second shows nothing for minutes. Three ways around it:
 *
 * - A pseudo-terminal: works for every program, but stdout and stderr become one
 *   stream (Porthole keeps them apart), programs start emitting colours and paging,
 *   and it needs a native module (node-pty). So it is asked for (`run --pty`,
 *   run-pty.ts), not the default.
 * - Per-runtime switches: PYTHONUNBUFFERED=1 makes Python (CPython, PyPy) write
 *   through, exactly like `python -u`. Set always; harmless for anything else.
 * - stdbuf (GNU coreutils) preloads a small library that sets the C stdio buffering
 *   of stdout to line mode before main() runs. It reaches C and C++ programs using
 *   stdio and every process they start (the setting travels in the environment), so
 *   shell pipelines such as `sh -c 'grep … | sed …'` are covered too. It has no effect
 *   on statically linked programs, on programs that set their own buffering (setvbuf),
 *   or on runtimes with their own buffers (Java, Go, Ruby's IO#sync, Perl's $|), and
 *   it only exists where coreutils does (Linux; `gstdbuf` from Homebrew on macOS).
 *   stderr is left as stdio leaves it: unbuffered, as on a terminal.
 */
import { findExecutable as findIn, lineBufferedLaunch as launchWith } from '../core/dialog/replay-launch.ts';

export interface Launch {
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** What was done, for --help and the docs. */
  via: 'stdbuf' | 'direct';
}

/** The full path of `name` on PATH (or `name` itself when it has a slash), or null. */
export function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  return findIn(name, env, process.cwd());
}

export function lineBufferedLaunch(program: string, args: string[], env: NodeJS.ProcessEnv = process.env): Launch {
  // stdbuf execs the program in place, so the pid Porthole is told stays the program's.
  const launch = launchWith(program, args, env);
  return { ...launch, via: launch.file === program ? 'direct' : 'stdbuf' };
}
