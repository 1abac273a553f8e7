/**
 * A listener: TCP on one address (or, for "localhost", on both 127.0.0.1 and ::1 so
 * the name works whichever way it resolves), or a Unix domain socket. Errors become
 * a message naming the address and what to do; they never throw out of the process.
 */
import fs from 'node:fs';
import net from 'node:net';
import type { ListenerInfo, ListenerSpec } from '../../shared/types.ts';
import { DEFAULT_HOST, DEFAULT_PORT } from '../../shared/limits.ts';

export function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\./.test(h) || h === '::ffff:127.0.0.1';
}

export function describeListenError(err: NodeJS.ErrnoException, where: string, port?: number): string {
  switch (err.code) {
    case 'EADDRINUSE':
      return port !== undefined
        ? `port ${port} on ${where} is already in use — another Porthole or another program is listening there. Stop it, or choose another port (port 0 picks a free one).`
        : `${where} is already in use by a running program. Stop it, or choose another path.`;
    case 'EACCES':
    case 'EPERM':
      return port !== undefined && port < 1024
        ? `permission denied for port ${port} on ${where}: ports below 1024 need special privileges. Choose a port above 1023.`
        : `permission denied for ${where}. Choose another ${port !== undefined ? 'address or port' : 'path'}.`;
    case 'EADDRNOTAVAIL':
      return `${where} is not an address of this machine. Use 127.0.0.1, ::1, localhost, or one of this machine's addresses.`;
    case 'ENOTFOUND':
    case 'EAI_NONAME':
    case 'EAI_AGAIN':
      return `cannot resolve the host in ${where}. Check the spelling, or use an IP address.`;
    case 'ENAMETOOLONG':
      return err.message;
    default:
      return `cannot listen on ${where}: ${err.message}`;
  }
}

function listenOn(server: net.Server, opts: net.ListenOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(opts);
  });
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A Unix socket file left behind by a process that died: nobody accepts on it. */
function isStaleSocket(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect({ path });
    c.once('connect', () => {
      c.destroy();
      resolve(false);
    });
    c.once('error', () => resolve(true));
  });
}

/** Longest Unix socket path the system takes (sun_path less its terminating NUL). */
export const MAX_UNIX_PATH_BYTES = process.platform === 'linux' ? 107 : 103;

/** Why a Unix socket path cannot be used, or null. */
export function unixPathProblem(p: string): string | null {
  const n = Buffer.byteLength(p);
  return n > MAX_UNIX_PATH_BYTES
    ? `the Unix socket path ${p} is ${n} bytes long; this system allows at most ${MAX_UNIX_PATH_BYTES}. Choose a shorter path (for example under /tmp).`
    : null;
}

/** Accept errors are reported at most this often; the listener keeps listening through them. */
const ACCEPT_REPORT_MS = 10_000;

export class Listener {
  readonly servers: net.Server[] = [];
  info: ListenerInfo;
  private lastAcceptReport = 0;
  private refusedSinceReport = 0;

  constructor(
    readonly id: number,
    readonly spec: ListenerSpec,
    private readonly onConnection: (socket: net.Socket, listener: Listener) => void,
    private readonly onProblem: (message: string) => void = () => undefined,
  ) {
    if ('path' in spec) {
      this.info = { id, kind: 'unix', path: spec.path, addresses: [spec.path], state: 'closed', exposed: false };
    } else {
      const host = spec.host ?? DEFAULT_HOST;
      this.info = { id, kind: 'tcp', host, port: spec.port ?? DEFAULT_PORT, addresses: [], state: 'closed', exposed: !isLoopback(host) };
    }
  }

  private newServer(): net.Server {
    // allowHalfOpen: a script that shuts down its sending side can still be sent to.
    const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) => this.onConnection(socket, this));
    server.on('error', (err: NodeJS.ErrnoException) => {
      if (err.syscall === 'accept' || err.code === 'EMFILE' || err.code === 'ENFILE') return this.acceptFailed(err);
      this.info = { ...this.info, state: 'error', error: `listener failed: ${err.message}` };
    });
    return server;
  }

  /** A connection that could not be accepted (no descriptors left): refused, said, and listening goes on. */
  private acceptFailed(err: NodeJS.ErrnoException): void {
    this.refusedSinceReport++;
    const now = Date.now();
    if (now - this.lastAcceptReport < ACCEPT_REPORT_MS) return;
    this.lastAcceptReport = now;
    const n = this.refusedSinceReport;
    this.refusedSinceReport = 0;
    const why = err.code === 'EMFILE' || err.code === 'ENFILE' ? 'Porthole has no file descriptors left (too many open files)' : err.message;
    this.onProblem(`refused ${n === 1 ? 'a connection' : `${n} connections`} on ${this.info.addresses.join(' and ') || 'a listener'}: ${why}. Still listening; closing finished sessions or raising the limit (ulimit -n) helps.`);
  }

  async start(): Promise<ListenerInfo> {
    try {
      if (this.info.kind === 'unix') await this.startUnix(this.info.path!);
      else await this.startTcp(this.info.host!, this.info.port!);
    } catch (err) {
      await this.stopServers();
      const e = err as NodeJS.ErrnoException & { where?: string };
      const where = e.where ?? (this.info.kind === 'unix' ? this.info.path! : this.info.host!);
      this.info = { ...this.info, state: 'error', error: describeListenError(e, where, this.info.kind === 'tcp' ? this.info.port : undefined) };
    }
    return this.info;
  }

  private async startUnix(path: string): Promise<void> {
    const tooLong = unixPathProblem(path);
    if (tooLong) throw Object.assign(new Error(tooLong), { code: 'ENAMETOOLONG' });
    if (fs.existsSync(path)) {
      if (!fs.statSync(path).isSocket()) throw Object.assign(new Error(`${path} exists and is not a socket`), { code: 'EEXIST_FILE' });
      if (await isStaleSocket(path)) fs.unlinkSync(path);
    }
    const server = this.newServer();
    this.servers.push(server);
    // The socket file is created by bind with the umask's mode: narrow the umask around it so
    // no other user can connect even for a moment, then make the mode exact.
    const umask = process.umask(0o177);
    try {
      await listenOn(server, { path });
    } finally {
      process.umask(umask);
    }
    fs.chmodSync(path, 0o600);
    this.info = { ...this.info, state: 'listening', addresses: [path], error: undefined };
  }

  private async startTcp(host: string, port: number): Promise<void> {
    const hosts = host.toLowerCase() === 'localhost' ? ['127.0.0.1', '::1'] : [host];
    // With port 0 the second address must take the port the first one got; that port
    // may be taken on the other family, so try a few times.
    for (let attempt = 0; ; attempt++) {
      let chosen = port;
      const addresses: string[] = [];
      try {
        for (const h of hosts) {
          const server = this.newServer();
          this.servers.push(server);
          try {
            await listenOn(server, { host: h, port: chosen, ipv6Only: h.includes(':') });
          } catch (err) {
            const e = err as NodeJS.ErrnoException;
            // A machine without IPv6 still serves localhost on 127.0.0.1.
            if (h === '::1' && hosts.length > 1 && (e.code === 'EADDRNOTAVAIL' || e.code === 'EAFNOSUPPORT')) {
              this.servers.pop();
              continue;
            }
            throw Object.assign(e, { where: formatAddress(h, chosen) });
          }
          const addr = server.address() as net.AddressInfo;
          chosen = addr.port;
          addresses.push(formatAddress(addr.address, addr.port));
        }
        this.info = { ...this.info, state: 'listening', port: chosen, addresses, error: undefined };
        return;
      } catch (err) {
        await this.stopServers();
        if (port === 0 && (err as NodeJS.ErrnoException).code === 'EADDRINUSE' && attempt < 5) continue;
        throw err;
      }
    }
  }

  private async stopServers(): Promise<void> {
    const servers = this.servers.splice(0);
    await Promise.all(servers.map((s) => (s.listening ? closeServer(s) : Promise.resolve())));
  }

  async close(): Promise<void> {
    await this.stopServers();
    if (this.info.kind === 'unix' && this.info.state === 'listening') {
      try {
        fs.unlinkSync(this.info.path!);
      } catch {
        // Already gone.
      }
    }
    this.info = { ...this.info, state: 'closed' };
  }
}
