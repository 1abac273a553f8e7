/**
 * Whether this run is a development run: the only runs that get DevTools, and the
 * only ones that may load the page from a dev server. It takes an explicit flag —
 * a bundle built by `electron-vite dev`, or PORTHOLE_DEV=1 — and never happens in a
 * packaged app. ELECTRON_RENDERER_URL alone, an unpackaged app, or `npm start` (a
 * production build, started without the flag) are not enough.
 */

/** Set by electron.vite.config.ts: true only in the bundle `electron-vite dev` builds. */
declare const __PORTHOLE_DEV_BUILD__: boolean | undefined;
export const DEV_BUILD: boolean = typeof __PORTHOLE_DEV_BUILD__ === 'boolean' ? __PORTHOLE_DEV_BUILD__ : false;

export const DEV_FLAG = 'PORTHOLE_DEV';
/** What electron-vite's dev server sets for the window to load. */
export const DEV_RENDERER_URL = 'ELECTRON_RENDERER_URL';

export interface DevModeInputs {
  isPackaged: boolean;
  devBuild: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

export interface DevMode {
  development: boolean;
  /** The dev server's page to load instead of app://porthole, or null. */
  rendererUrl: string | null;
}

export function developmentMode({ isPackaged, devBuild, env }: DevModeInputs): DevMode {
  const development = !isPackaged && (devBuild || env[DEV_FLAG] === '1');
  return { development, rendererUrl: development ? loopbackPage(env[DEV_RENDERER_URL]) : null };
}

/** A dev server is on this machine: an http(s) page on a loopback host, nothing else. */
function loopbackPage(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
    return (u.protocol === 'http:' || u.protocol === 'https:') && loopback && !u.username && !u.password ? u.href : null;
  } catch {
    return null;
  }
}
