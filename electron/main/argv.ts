/**
 * Picks Porthole's own flags out of the Electron process's argv. Chromium and
 * Electron add switches of their own (--no-sandbox, --enable-logging,
 * --inspect=…, and on Linux desktop launchers sometimes a file argument) that
 * Porthole's strict parser would otherwise reject.
 */
import { COMMON_FLAGS } from '../core/options.ts';

export function ownArgs(argv: readonly string[], flags = COMMON_FLAGS): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--([^=]+)(=.*)?$/.exec(arg) ?? /^-([a-zA-Z])$/.exec(arg);
    if (!m) continue;
    const name = Object.keys(flags).find((k) => k === m[1] || flags[k].short === m[1]);
    if (!name) continue;
    out.push(arg);
    const takesValue = flags[name].type === 'string' && m[2] === undefined;
    if (takesValue && i + 1 < argv.length) out.push(argv[++i]);
  }
  return out;
}
