/**
 * The browser-mode access token. It arrives in the address (`/?token=…`); it is kept
 * in sessionStorage so a reload still has it, and taken out of the address bar so it
 * does not linger in history or screenshots (the server also set a cookie).
 */
const KEY = 'porthole-token';

export function takeToken(loc: Location = window.location, storage: Storage | null = safeSessionStorage()): string | null {
  const url = new URL(loc.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage?.setItem(KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return storage?.getItem(KEY) ?? null;
}

function safeSessionStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}
