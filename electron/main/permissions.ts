/**
 * The window's one permission: notifications ("a script is waiting" while the window
 * is in the background), for the main frame of our own page. Every other permission,
 * and notifications for any other page or frame, is refused.
 */
export const GRANTED_PERMISSION = 'notifications';

export interface PermissionAsker {
  /** The origin asking (permission checks give it; requests do not). */
  origin?: string;
  /** The URL of the frame asking. */
  url?: string;
  isMainFrame: boolean;
  /** Set for a cross-origin sub-frame. */
  embeddingOrigin?: string;
}

export function permissionAllowed(permission: string, asker: PermissionAsker, isOwnPage: (url: string) => boolean): boolean {
  if (permission !== GRANTED_PERMISSION || !asker.isMainFrame || asker.embeddingOrigin) return false;
  if (asker.origin === undefined && asker.url === undefined) return false;
  if (asker.origin !== undefined) {
    // An origin is scheme://host[:port], which Chromium may give with a trailing slash.
    const m = /^([a-z][\w+.-]*:\/\/[^/?#@]+)\/?$/i.exec(asker.origin);
    if (!m || !isOwnPage(`${m[1]}/`)) return false;
  }
  return asker.url === undefined || isOwnPage(asker.url);
}
