/**
 * The pseudo-terminal module (@lydell/node-pty: node-pty's code with prebuilt binaries
 * for Linux, macOS and Windows, so installing needs no compiler). Loaded only when a
 * pty is asked for; where it cannot load, the caller says why.
 */
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
