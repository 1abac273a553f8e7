/**
 * What the Electron preload exposes to the page as `window.porthole`: one typed
 * `invoke` for the commands of the table in contract.ts (and only those), the event
 * subscription, the ready signal and the export. Never a raw IPC channel, so the page
 * can only ask for things the core offers (Electron's security checklist, "do not
 * expose ipcRenderer").
 */
import { oneOf, nat, req, type ObjectShape } from './arg-checks.ts';
import type { CommandArgs, CommandName, CommandResult } from './contract.ts';
import type { ExportFormat, PortholeEvent } from './types.ts';

/** Renderer → main: show a save dialog and write the session's transcript to the file chosen. */
export const EXPORT_CHANNEL = 'session:export';

export interface ExportArgs {
  id: number;
  format: ExportFormat;
}

/** What the export's arguments are checked against in the main process. */
export const EXPORT_ARGS: ObjectShape<ExportArgs> = { id: req(nat), format: req(oneOf('text', 'jsonl', 'report')) };

export interface ExportOutcome {
  /** False when the person cancelled the dialog. */
  saved: boolean;
  path?: string;
}

export interface PortholePreloadApi {
  /** Runs a command of the table; rejects with the core's message, or at once for a name not in it. */
  invoke<K extends CommandName>(cmd: K, args: CommandArgs<K>): Promise<CommandResult<K>>;
  /** Receives batches of events; returns a function that unsubscribes. */
  onEvents(listener: (events: PortholeEvent[]) => void): () => void;
  /** The page is ready for events: the main process starts delivering what it queued. */
  ready(): void;
  /** The page has drawn one batch of events; until it says so, later ones are coalesced. */
  ack(): void;
  exportSession(id: number, format: ExportFormat): Promise<ExportOutcome>;
}
