/**
 * Electron's security checklist, applied to every web contents the app creates:
 * no navigation away from our page, no new windows, no <webview>; only the project's
 * documentation links (external-links.ts) go to the person's browser. Permissions:
 * notifications for our own page's main frame, nothing else (permissions.ts).
 */
import { app, shell, type Session } from 'electron';
import { allowedExternal, DOCUMENTATION_LINKS } from './external-links.ts';
import { permissionAllowed } from './permissions.ts';

/** Opens `url` in the person's browser if it is on the allow-list; true if it did. */
export function openAllowedExternal(url: string, allowList: readonly string[] = DOCUMENTATION_LINKS): boolean {
  const allowed = allowedExternal(url, allowList);
  if (allowed) void shell.openExternal(allowed).catch(() => {});
  return allowed !== null;
}

export function hardenSession(session: Session, isOwnPage: (url: string) => boolean): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permissionAllowed(permission, { url: details.requestingUrl, isMainFrame: details.isMainFrame }, isOwnPage));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    permissionAllowed(permission, {
      origin: requestingOrigin,
      url: details.requestingUrl,
      isMainFrame: details.isMainFrame,
      embeddingOrigin: details.embeddingOrigin,
    }, isOwnPage));
}

export function hardenAllWebContents(allowList: readonly string[] = DOCUMENTATION_LINKS): void {
  app.on('web-contents-created', (_event, contents) => {
    // No frame ever navigates: a documentation link in the page opens in the browser instead.
    contents.on('will-frame-navigate', (event) => {
      event.preventDefault();
      if (event.isMainFrame) openAllowedExternal(event.url, allowList);
    });
    // Fired for the main frame as well (after the above); refused there too.
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openAllowedExternal(url, allowList);
      return { action: 'deny' };
    });
  });
}
