/**
 * Porthole's version. A build puts it in as a constant (`define` in
 * electron.vite.config.ts and cli.vite.config.ts), so the bundles do not carry the
 * whole package.json; run from the sources (tsx, Vitest) it is read from package.json
 * the first time it is asked for.
 */
import { readFileSync } from 'node:fs';

declare const __PORTHOLE_VERSION__: string | undefined;

let fromFile: string | null = null;

export function appVersion(): string {
  if (typeof __PORTHOLE_VERSION__ === 'string') return __PORTHOLE_VERSION__;
  fromFile ??= readVersion();
  return fromFile;
}

function readVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
