/**
 * The persistent session secret behind a stable `--ui-port`: kept in a file only its
 * owner can read, so a bookmarked http://127.0.0.1:PORT/ keeps working across
 * restarts once the browser holds the cookie. A file others could read is not used.
 */
import { closeSync, constants, fchmodSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createSecret, SECRET_PATTERN } from './access.ts';

export const SECRET_FILE = 'browser-secret';

export interface SecretResult {
  secret: string;
  /** Why the file was not used (then `secret` is fresh for this run only). */
  warning?: string;
}

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/** Reads `<dataDir>/browser-secret`, creating it (mode 0600, whatever the umask) if absent. */
export function loadPersistentSecret(dataDir: string): SecretResult {
  const file = join(dataDir, SECRET_FILE);
  const fresh = (why: string): SecretResult => ({
    secret: createSecret(),
    warning: `${why}; using a secret for this run only, so a bookmarked address needs a fresh sign-in after a restart`,
  });
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const existing = readSecretFile(file);
    if (existing.kind === 'ok') return { secret: existing.secret };
    if (existing.kind === 'unsafe') {
      return fresh(`${file} ${existing.why} (fix it with \`chmod 600 ${file}\`, or delete it)`);
    }
    // Absent or unreadable as a secret: write a new one beside it and move it into place.
    const secret = createSecret();
    const temp = `${file}.${process.pid}.tmp`;
    const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, 0o600);
    try {
      fchmodSync(fd, 0o600);
      writeSync(fd, `${secret}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
    return { secret };
  } catch (err) {
    return fresh(`could not keep the browser secret in ${file} (${(err as Error).message})`);
  }
}

type Read = { kind: 'ok'; secret: string } | { kind: 'absent' } | { kind: 'unsafe'; why: string };

function readSecretFile(file: string): Read {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'absent' };
    if (code === 'ELOOP') return { kind: 'unsafe', why: 'is a symbolic link' };
    throw err;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return { kind: 'unsafe', why: 'is not a regular file' };
    if (process.platform !== 'win32') {
      if (typeof process.getuid === 'function' && info.uid !== process.getuid()) return { kind: 'unsafe', why: 'belongs to another user' };
      if ((info.mode & 0o077) !== 0) return { kind: 'unsafe', why: `can be read or changed by other users (mode ${(info.mode & 0o777).toString(8)})` };
    }
    const text = readFileSync(fd, 'utf8').trim();
    return SECRET_PATTERN.test(text) ? { kind: 'ok', secret: text } : { kind: 'absent' };
  } finally {
    closeSync(fd);
  }
}
