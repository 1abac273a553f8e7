/** Where transcripts are kept: --data-dir, else $PORTHOLE_DATA_DIR, else the OS's app-data folder. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.PORTHOLE_DATA_DIR) return path.resolve(env.PORTHOLE_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Porthole');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Porthole');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'porthole');
}

/**
 * A recursive mkdir reports ENOENT for most failures on its way down (a read-only file
 * system among them): create the first missing folder alone to learn the real reason.
 */
function realCause(dir: string, err: NodeJS.ErrnoException): NodeJS.ErrnoException {
  if (err.code !== 'ENOENT') return err;
  let missing = dir;
  while (!fs.existsSync(path.dirname(missing)) && path.dirname(missing) !== missing) missing = path.dirname(missing);
  try {
    fs.mkdirSync(missing, { mode: 0o700 });
    fs.rmdirSync(missing);
  } catch (inner) {
    return inner as NodeJS.ErrnoException;
  }
  return err;
}

/** A start-up problem, said in one sentence for the person (no stack trace). */
export class StartupError extends Error {}

/**
 * Creates the data folder (0700, whatever the umask) and its sessions folder, or says in
 * one sentence why it cannot be used. Returns a warning when an existing folder can be
 * read by other users.
 */
export function prepareDataDir(dir: string): string | null {
  let info: fs.Stats | null = null;
  try {
    info = fs.statSync(dir);
  } catch {
    // Created below.
  }
  if (info && !info.isDirectory()) throw new StartupError(`the data folder ${dir} is a file, not a folder; choose another with --data-dir`);
  try {
    fs.mkdirSync(path.join(dir, 'sessions'), { recursive: true, mode: 0o700 });
    if (!info) fs.chmodSync(dir, 0o700);
    fs.accessSync(path.join(dir, 'sessions'), fs.constants.W_OK);
    const probe = path.join(dir, 'sessions', `.write-test-${process.pid}`);
    fs.writeFileSync(probe, '', { mode: 0o600 });
    fs.unlinkSync(probe);
  } catch (err) {
    const e = realCause(dir, err as NodeJS.ErrnoException);
    const why = e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied'
      : e.code === 'EROFS' ? 'it is on a read-only file system'
        : e.code === 'ENOTDIR' ? 'part of its path is a file'
          : e.code === 'ENOSPC' ? 'the disk is full'
            : e.code === 'ENAMETOOLONG' ? 'its path is too long'
              : (e.code ?? e.message);
    throw new StartupError(`cannot use the data folder ${dir}: ${why}; choose another with --data-dir`);
  }
  if (info && process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    return `the data folder ${dir} can be read by other users (mode ${(info.mode & 0o777).toString(8)}); transcripts may hold secrets: run chmod 700 ${dir}`;
  }
  return null;
}
