/** Reaching a running Porthole: TCP (both loopback families for `localhost`) or a Unix socket. */
import dns from 'node:dns/promises';
import net from 'node:net';

export type Target = { host: string; port: number } | { path: string };

export class NotReachable extends Error {}

export function describeTarget(t: Target): string {
  if ('path' in t) return t.path;
  return `${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;
}

/**
 * `localhost` may resolve to either family while Porthole listens on both by default,
 * or on only one when started with --host; trying both means `run` finds it either way.
 */
async function candidates(host: string): Promise<string[]> {
  if (host === 'localhost') return ['127.0.0.1', '::1'];
  if (net.isIP(host)) return [host];
  try {
    return [...new Set((await dns.lookup(host, { all: true })).map((a) => a.address))];
  } catch {
    return [host];
  }
}

function connectOne(opts: net.NetConnectOpts): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    // allowHalfOpen: Porthole's Send EOF half-closes its side; ours must stay open for output.
    const socket = net.connect({ ...opts, allowHalfOpen: true });
    socket.once('connect', () => {
      socket.removeListener('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

export async function connectOnce(t: Target): Promise<net.Socket> {
  if ('path' in t) {
    try {
      return await connectOne({ path: t.path });
    } catch (err) {
      throw new NotReachable(`${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  const reasons: string[] = [];
  for (const address of await candidates(t.host)) {
    try {
      return await connectOne({ host: address, port: t.port });
    } catch (err) {
      reasons.push(`${address}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  throw new NotReachable(reasons.join(', '));
}

export function notListeningMessage(t: Target, reason: string): string {
  const where = 'path' in t ? `--unix ${t.path}` : `--port ${t.port}${t.host === 'localhost' ? '' : ` --host ${t.host}`}`;
  return (
    `porthole run: Porthole is not listening on ${describeTarget(t)} (${reason}).\n` +
    `Start it first: open the Porthole app, or run \`porthole listen ${where}\` (terminal) ` +
    `or \`porthole serve ${where}\` (browser); or add --wait to wait for it. The program was not started.\n`
  );
}

/** Connects, or with `wait` keeps trying every `retryMs` until Porthole is up (or `signal` aborts). */
export async function connectPorthole(
  t: Target,
  opts: { wait: boolean; retryMs?: number; onWaiting?: (reason: string) => void; signal?: AbortSignal },
): Promise<net.Socket> {
  let told = false;
  for (;;) {
    try {
      return await connectOnce(t);
    } catch (err) {
      if (!(err instanceof NotReachable) || !opts.wait) throw err;
      if (!told) opts.onWaiting?.(err.message);
      told = true;
    }
    if (opts.signal?.aborted) throw new NotReachable('gave up waiting');
    await new Promise((r) => setTimeout(r, opts.retryMs ?? 250));
  }
}
