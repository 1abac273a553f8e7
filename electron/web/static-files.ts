/**
 * Serves the built renderer (out/renderer). Hand-written rather than a static-file
 * library because it serves one small fixed directory whose index must sit behind
 * the session cookie, and the project already carries no HTTP framework.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';

// The request-path checks live in the core: the Electron window's app:// scheme uses them too.
export { requestPath } from '../core/static-path.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** The query string of a request target (after the first '?'). */
export function requestQuery(target: string | undefined): URLSearchParams {
  const q = target?.indexOf('?') ?? -1;
  return new URLSearchParams(q === -1 ? '' : target!.slice(q + 1));
}

/** A built asset's name: one path segment, not hidden. */
const ASSET_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,199}$/;
const FAVICONS = new Set(['/favicon.ico', '/favicon.svg', '/favicon.png']);

/**
 * The file for a public path of the page, from an allow-list: `/assets/<name>` and a
 * favicon. The index is not here: it is served only at `/`, behind the cookie.
 * `path` must come from requestPath.
 */
export function publicFile(root: string, path: string): string | null {
  if (FAVICONS.has(path)) return join(resolve(root), path.slice(1));
  const m = /^\/assets\/([^/]+)$/.exec(path);
  if (m && ASSET_NAME.test(m[1])) return join(resolve(root), 'assets', m[1]);
  return null;
}

/**
 * Streams a regular file (only its headers for HEAD); resolves false when there is
 * no such file. The file is closed however the response ends, including a client
 * that goes away mid-download.
 */
export async function sendFile(res: ServerResponse, file: string, cache: 'no-store' | 'no-cache' | 'immutable', head = false): Promise<boolean> {
  let handle: FileHandle;
  try {
    // O_NOFOLLOW: a symbolic link planted in the build directory is not followed out of it.
    handle = await open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch {
    return false;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      await handle.close();
      return false;
    }
    res.statusCode = 200;
    res.setHeader('Content-Type', TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream');
    res.setHeader('Content-Length', info.size);
    res.setHeader('Cache-Control', cache === 'immutable' ? 'public, max-age=31536000, immutable' : cache);
  } catch (err) {
    await handle.close().catch(() => {});
    throw err;
  }
  if (head) {
    await handle.close();
    res.end();
    return true;
  }
  // pipeline destroys the file stream (closing the file) when the response closes early.
  await pipeline(handle.createReadStream(), res).catch(() => {
    res.destroy();
  });
  return true;
}
