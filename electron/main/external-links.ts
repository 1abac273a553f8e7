/**
 * The only addresses Porthole hands to the person's browser (shell.openExternal):
 * the project's own documentation, taken from package.json's `homepage` and
 * `repository`. Every other link, window.open or navigation is refused. While
 * package.json names neither, the list is empty and nothing is opened.
 */
import pkg from '../../package.json' with { type: 'json' };

interface PackageLinks {
  homepage?: unknown;
  repository?: unknown;
}

/** https addresses only; a repository given as `git+https://….git` becomes its web page. */
export function documentationLinks(p: PackageLinks): string[] {
  const repo = typeof p.repository === 'string' ? p.repository
    : p.repository && typeof p.repository === 'object' ? (p.repository as { url?: unknown }).url : undefined;
  const candidates = [p.homepage, typeof repo === 'string' ? repo.replace(/^git\+/, '').replace(/\.git$/, '') : undefined];
  const links: string[] = [];
  for (const c of candidates) {
    const url = typeof c === 'string' ? safeHttps(c) : null;
    if (url && !links.includes(url.href)) links.push(url.href);
  }
  return links;
}

export const DOCUMENTATION_LINKS: readonly string[] = documentationLinks(pkg as PackageLinks);

function safeHttps(text: string): URL | null {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && !url.username && !url.password ? url : null;
  } catch {
    return null;
  }
}

/**
 * The address to open if `url` is one of the allowed pages or below one (same host,
 * path at or under the allowed path), else null.
 */
export function allowedExternal(url: string, allowed: readonly string[]): string | null {
  const target = safeHttps(url);
  if (!target) return null;
  for (const a of allowed) {
    const base = safeHttps(a);
    if (!base || base.host !== target.host) continue;
    const dir = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
    if (target.pathname === base.pathname || target.pathname.startsWith(dir)) return target.href;
  }
  return null;
}
