/** Finding and launching a program line-buffered, for `porthole run` and for a dialog's replay alike. */
import fs from 'node:fs';
import path from 'node:path';

export function findExecutable(name: string, env: NodeJS.ProcessEnv, cwd: string): string | null {
  const isExec = (p: string) => {
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  };
  if (name.includes('/')) {
    const p = path.resolve(cwd, name);
    return isExec(p) ? p : null;
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExec(path.join(dir, name))) return path.join(dir, name);
  }
  return null;
}

/** PYTHONUNBUFFERED for Python, stdbuf -oL for C stdio (why: electron/cli/run-buffering.ts). */
export function lineBufferedLaunch(program: string, args: string[], env: NodeJS.ProcessEnv): { file: string; args: string[]; env: NodeJS.ProcessEnv } {
  const childEnv = { ...env, PYTHONUNBUFFERED: '1' };
  const stdbuf = process.platform === 'win32' ? null : findExecutable('stdbuf', env, '/') ?? findExecutable('gstdbuf', env, '/');
  return stdbuf ? { file: stdbuf, args: ['-oL', program, ...args], env: childEnv } : { file: program, args, env: childEnv };
}
