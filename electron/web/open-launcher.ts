/**
 * `--open` without putting the one-time address on a command line, where any user
 * can read it (ps, /proc/PID/cmdline): the address goes into a small HTML file only
 * its owner can read, and the browser is handed the file's path. Jupyter does the same.
 */
import { spawn } from 'node:child_process';
import { closeSync, fchmodSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Launcher {
  /** The file:// address of the launcher page. */
  href: string;
  /** The launcher file (in a directory of its own, mode 0700). */
  file: string;
  /** Deletes the file and its directory (idempotent). */
  remove(): void;
}

/** Long enough for a browser to start cold; the code inside works only once anyway. */
export const LAUNCHER_LIFETIME_MS = 120_000;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function launcherHtml(url: string): string {
  const attr = escapeHtml(url);
  return `<!doctype html>
<html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">
<meta http-equiv="refresh" content="0;url=${attr}">
<title>Opening Porthole</title>
<script>location.replace(${JSON.stringify(url).replace(/</g, '\\u003c')});</script>
</head><body><p>Opening Porthole… <a href="${attr}">continue</a></p></body></html>
`;
}

/** Writes the launcher for `url` (mode 0600) and removes it after `lifetimeMs`. */
export function writeLauncher(url: string, lifetimeMs = LAUNCHER_LIFETIME_MS): Launcher {
  // mkdtemp creates the directory with mode 0700.
  const dir = mkdtempSync(join(tmpdir(), 'porthole-open-'));
  const file = join(dir, 'open.html');
  const fd = openSync(file, 'wx', 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, launcherHtml(url));
  } finally {
    closeSync(fd);
  }
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    clearTimeout(timer);
    rmSync(dir, { recursive: true, force: true });
  };
  const timer = setTimeout(remove, lifetimeMs);
  timer.unref();
  return { href: pathToFileURL(file).href, file, remove };
}

/** Asks the desktop to open `target`; `onError` hears why not. */
export function openInBrowser(target: string, onError: (message: string) => void): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [target]]
    : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', target]]
      : ['xdg-open', [target]];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', (err) => onError(err.message));
    child.unref();
  } catch (err) {
    onError((err as Error).message);
  }
}
