// Where the Electron binary is, or why there is none. Deliberately does not
// require('electron'): that package tries to download the binary when it is
// missing, which hangs or fails on machines without access to its servers.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

/** @returns {{ path: string } | { path: null, reason: string }} */
export function findElectronBinary() {
  let pkgDir;
  try {
    pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { path: null, reason: 'the electron package is not installed (npm install)' };
  }
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!relative && !override) {
    return { path: null, reason: `the Electron binary was never downloaded (no ${pathFile})` };
  }
  const binary = override ? join(override, relative || 'electron') : join(pkgDir, 'dist', relative);
  if (!existsSync(binary)) return { path: null, reason: `the Electron binary is missing (${binary})` };
  return { path: binary };
}

/** Why Electron cannot show a window here, or null if it might. */
export function displayProblem(env = process.env, platform = process.platform) {
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
  return null;
}

/**
 * What would make Electron start a development run (electron/main/dev-mode.ts: DevTools,
 * a page from a dev server) or not start the window at all (run as plain Node).
 * `npm start` and the tests launch Electron without them.
 */
export const NOT_FOR_THE_APP = ['PORTHOLE_DEV', 'ELECTRON_RENDERER_URL', 'NODE_ENV_ELECTRON_VITE', 'ELECTRON_RUN_AS_NODE'];

/** `env` without NOT_FOR_THE_APP. */
export function appEnv(env = process.env) {
  const out = { ...env };
  for (const name of NOT_FOR_THE_APP) delete out[name];
  return out;
}
