/**
 * How `porthole run` gets line-buffered output from programs that were never told to
 * flush, without editing them.
 *
 * A program whose stdout is a pipe usually buffers it in blocks of 4–64 KiB, so a
 * script that prints a line a second shows nothing for minutes. Three ways around it:
 *
 * - A pseudo-terminal: works for every program, but stdout and stderr become one
 *   stream (Porthole keeps them apart), programs start emitting colours and paging,
 *   and Node needs a native module (node-pty) for it. Not used.
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
import fs from 'node:fs';
import path from 'node:path';

export interface Launch {
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** What was done, for --help and the docs. */
  via: 'stdbuf' | 'direct';
}

/** The full path of `name` on PATH (or `name` itself when it has a slash), or null. */
export function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const isExec = (p: string) => {
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  };
  if (name.includes('/')) return isExec(name) ? path.resolve(name) : null;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, name);
    if (isExec(p)) return p;
  }
  return null;
}

export function lineBufferedLaunch(program: string, args: string[], env: NodeJS.ProcessEnv = process.env): Launch {
  const childEnv: NodeJS.ProcessEnv = { ...env, PYTHONUNBUFFERED: '1' };
  const stdbuf = findExecutable('stdbuf', env) ?? findExecutable('gstdbuf', env);
  if (stdbuf && process.platform !== 'win32') {
    // stdbuf execs the program in place, so the pid Porthole is told stays the program's.
    return { file: stdbuf, args: ['-oL', program, ...args], env: childEnv, via: 'stdbuf' };
  }
  return { file: program, args, env: childEnv, via: 'direct' };
}
