/** The physical baseline: a loopback socket server that only counts bytes. */
import net from 'node:net';
import { epochMs } from './stats.ts';

export interface SinkConnection {
  bytes: number;
  /** Resolves with the epoch ms at which the peer ended its side. */
  ended: Promise<number>;
  socket: net.Socket;
}

export interface RawSink {
  port: number;
  /** Resolves with the next accepted connection. */
  nextConnection(): Promise<SinkConnection>;
  /** Called with every chunk and its arrival time (latency baselines). */
  onData?: (chunk: Buffer, at: number) => void;
  close(): Promise<void>;
}

export async function startRawSink(): Promise<RawSink> {
  const pending: SinkConnection[] = [];
  const waiters: Array<(c: SinkConnection) => void> = [];
  const sockets = new Set<net.Socket>();
  const sink: RawSink = {
    port: 0,
    nextConnection: () => (pending.length ? Promise.resolve(pending.shift()!) : new Promise((r) => waiters.push(r))),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    let resolveEnd!: (t: number) => void;
    const conn: SinkConnection = { bytes: 0, socket, ended: new Promise((r) => (resolveEnd = r)) };
    socket.on('data', (chunk: Buffer) => {
      conn.bytes += chunk.length;
      sink.onData?.(chunk, epochMs());
    });
    socket.on('end', () => {
      resolveEnd(epochMs());
      socket.end();
    });
    socket.on('error', () => resolveEnd(epochMs()));
    socket.on('close', () => sockets.delete(socket));
    const w = waiters.shift();
    if (w) w(conn);
    else pending.push(conn);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  sink.port = (server.address() as net.AddressInfo).port;
  return sink;
}

/** A free loopback port, for peers (socat, ncat) that must be told one. */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
