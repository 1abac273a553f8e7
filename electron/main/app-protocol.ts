/**
 * Serves the built renderer to the window as app://porthole/…, a privileged
 * scheme of our own, rather than file://: the page gets a real origin ('self'
 * in the CSP means our files only), it cannot read arbitrary files, and the IPC
 * sender check has one exact address to compare with.
 */
import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { resolveStatic } from '../web/static-files.ts';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://porthole`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

export const WINDOW_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function isAppUrl(url: string): boolean {
  return url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`);
}

export function serveAppScheme(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'porthole' ? resolveStatic(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname) : null;
    if (!file) return new Response('Not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(file).toString()).catch(() => null);
    if (!res || !res.ok) return new Response('Not found', { status: 404 });
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', WINDOW_CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(res.body, { status: 200, headers });
  });
}
