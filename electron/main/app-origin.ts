/**
 * The window's own address. The built renderer is served as app://porthole/…, a
 * privileged scheme of our own, rather than file://: the page gets a real origin
 * ('self' in the CSP means our files only), it cannot read arbitrary files, and the
 * IPC sender and permission checks have one exact address to compare with.
 * Kept apart from the protocol handler so the checks run without Electron.
 */
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

export function isAppUrl(url: string): boolean {
  return url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`);
}

/**
 * Which pages are ours: app://porthole/…, and in development only, the page from the
 * renderer's dev server. Everything that trusts a page (IPC, permissions) asks this.
 */
export function ownPagePredicate(devRendererUrl: string | null): (url: string) => boolean {
  const devOrigin = devRendererUrl ? new URL(devRendererUrl).origin : null;
  return (url) => isAppUrl(url) || (devOrigin !== null && url.startsWith(`${devOrigin}/`));
}
