import type { PortholeBridge } from '../../../shared/contract.ts';

/**
 * connected: commands and events flow. connecting: the first connection is being made.
 * disconnected: the connection dropped (browser mode: the server stopped or restarted);
 * the bridge retries on its own and reports `connected` again when it is back.
 */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

/** The bridge the interface holds: the shared contract plus the state of the connection. */
export interface AppBridge extends PortholeBridge {
  readonly connection: ConnectionState;
  /** Called on every change of `connection`; returns a function that unsubscribes. */
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
}
