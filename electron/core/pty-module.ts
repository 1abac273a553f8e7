/**
 * The pseudo-terminal module (@lydell/node-pty: node-pty's code with prebuilt binaries
 * for Linux, macOS and Windows, so installing needs no compiler). Loaded only when a
 * pty is asked for; where it cannot load, the caller says why.
 */
import { createRequire } from 'node:module';

export type PtyModule = typeof import('@lydell/node-pty');

/** The pty module, or a message saying why it cannot be used here. */
export async function loadPty(): Promise<PtyModule | string> {
  try {
    const mod = (await import('@lydell/node-pty')) as PtyModule & { default?: PtyModule };
    return typeof mod.spawn === 'function' ? mod : (mod.default ?? 'the pty module has no spawn function');
  } catch (err) {
    return `a pseudo-terminal is not available here (@lydell/node-pty did not load: ${(err as Error).message.split('\n')[0]}); run without --pty`;
  }
}

/**
 * Whether `porthole run --pty` will find a pseudo-terminal here, without loading the
 * native module into this process (the core, or Electron's main process): the module
 * and its prebuilt binary for this platform are there. Otherwise why not.
 */
export function ptyInstalled(): true | string {
  const require = createRequire(import.meta.url);
  try {
    require.resolve('@lydell/node-pty');
  } catch {
    return 'a pseudo-terminal is not available here: @lydell/node-pty is not installed';
  }
  const binary = `@lydell/node-pty-${process.platform}-${process.arch}`;
  try {
    require.resolve(`${binary}/package.json`);
  } catch {
    return `a pseudo-terminal is not available here: there is no prebuilt ${binary} for this platform`;
  }
  return true;
}
