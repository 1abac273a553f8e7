/**
 * Dialog files replayed in the window: each runs its program as a new session (or
 * connects to it), and its steps are reported as `replay` events as they are met or
 * missed.
 */
import type { ReplayInfo } from '../../../shared/types.ts';
import type { LaunchRequest } from '../launcher.ts';
import type { Session } from '../session.ts';

export interface WindowReplayHost {
  /** Starts a program as a new session (through `porthole run`). */
  launch(req: LaunchRequest): Promise<Session>;
  /** Connects out to a program that listens, as a new session; rejects after `giveUpMs`. */
  connect(host: string, port: number, giveUpMs: number): Promise<Session>;
  /** A replay changed (sent to the faces as a `replay` event). */
  changed(info: ReplayInfo): void;
}

export class ReplayError extends Error {}

export class WindowReplays {
  constructor(private readonly host: WindowReplayHost) {}

  async start(args: { text: string; file: string; baseDir?: string; timeoutS?: number }): Promise<ReplayInfo> {
    void this.host;
    void args;
    throw new ReplayError('replaying in the window is not available yet');
  }

  stop(replayId: number): void {
    throw new ReplayError(`there is no replay ${replayId}`);
  }

  list(): ReplayInfo[] {
    return [];
  }

  close(): void {}
}
