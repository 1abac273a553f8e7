/**
 * Connecting out to a script that is itself the listener (SPEC dialog 4): retries
 * until the script is up, or until the give-up time passes.
 */
import net from 'node:net';
import type { ConnectInfo, ConnectSpec } from '../../shared/types.ts';

export const DEFAULT_RETRY_MS = 500;

export class Connector {
  info: ConnectInfo;
  private timer: NodeJS.Timeout | null = null;
  private socket: net.Socket | null = null;
  private readonly startedAt = Date.now();

  constructor(
    id: number,
    readonly spec: ConnectSpec,
    private readonly hooks: { connected(socket: net.Socket, c: Connector): void; changed(c: Connector): void },
  ) {
    this.info = { id, host: spec.host, port: spec.port, state: 'trying', attempts: 0 };
  }

  start(): void {
    this.attempt();
  }

  private attempt(): void {
    if (this.info.state !== 'trying') return;
    this.info = { ...this.info, attempts: this.info.attempts + 1 };
    const socket = net.connect({ host: this.spec.host, port: this.spec.port, allowHalfOpen: true, noDelay: true });
    this.socket = socket;
    const onError = (err: NodeJS.ErrnoException) => {
      socket.destroy();
      this.socket = null;
      if (this.info.state !== 'trying') return;
      const giveUp = this.spec.giveUpMs ?? 0;
      const why = err.code === 'ECONNREFUSED' ? 'nothing is listening there yet' : err.code === 'ENOTFOUND' ? 'unknown host' : err.message;
      if (giveUp > 0 && Date.now() - this.startedAt >= giveUp) {
        this.info = { ...this.info, state: 'failed', error: `could not connect to ${this.spec.host}:${this.spec.port} after ${this.info.attempts} attempts: ${why}` };
      } else {
        this.info = { ...this.info, error: why };
        this.timer = setTimeout(() => this.attempt(), this.spec.retryMs ?? DEFAULT_RETRY_MS);
      }
      this.hooks.changed(this);
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      socket.off('error', onError);
      this.socket = null;
      this.info = { ...this.info, state: 'connected', error: undefined };
      this.hooks.connected(socket, this);
      this.hooks.changed(this);
    });
    this.hooks.changed(this);
  }

  cancel(): void {
    if (this.info.state !== 'trying') return;
    if (this.timer) clearTimeout(this.timer);
    this.socket?.destroy();
    this.info = { ...this.info, state: 'cancelled' };
    this.hooks.changed(this);
  }
}
