/**
 * Request paths of the built interface, checked one way for both places that serve it:
 * the browser-mode server (electron/web) and the Electron window's app:// scheme
 * (electron/main). Pure path logic: no HTTP, no Electron.
 */
import { join, resolve, sep } from 'node:path';

/** Longer request targets than this are never one of ours. */
export const MAX_URL_LENGTH = 2048;

/**
 * The path of a request target, percent-decoded exactly once, or null when it is
 * not a plain absolute path: too long, badly encoded, or holding after decoding a
 * NUL, a backslash, a '%' (it was encoded twice), an empty, '.' or '..' segment.
 * Every later check looks at this one string, so no encoding can slip past them.
 */
export function requestPath(target: string | undefined): string | null {
  if (typeof target !== 'string' || target.length === 0 || target.length > MAX_URL_LENGTH) return null;
  const q = target.indexOf('?');
  const raw = q === -1 ? target : target.slice(0, q);
  if (!raw.startsWith('/')) return null;
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (/[\0\\%]/.test(path) || /[\x00-\x1f\x7f]/.test(path)) return null;
  if (path === '/') return path;
  const segments = path.slice(1).split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return null;
  return path;
}

/**
 * The file under `root` for a URL path, or null when it would escape `root` (the
 * Electron window's app:// scheme serves the renderer through this).
 */
export function resolveStatic(root: string, urlPath: string): string | null {
  const path = requestPath(urlPath);
  if (path === null) return null;
  const base = resolve(root);
  const file = resolve(join(base, path));
  return file === base || file.startsWith(base + sep) ? file : null;
}
