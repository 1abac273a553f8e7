/**
 * A reply longer than one `session:send` may carry (a large paste) goes out as
 * several sends, in order: every piece but the last without a line ending, the
 * chosen ending after the last. The script reads the same bytes as if it had been
 * one send. Pieces never split a surrogate pair, which each send would otherwise
 * encode as two replacement characters.
 */
import type { CommandArgs, CommandName, CommandResult } from '../../../shared/contract.ts';
import { MAX_SEND_CHARS } from '../../../shared/validate.ts';

/** Well under MAX_SEND_CHARS, so even text that JSON escapes six-fold fits one WebSocket message. */
export const SEND_PIECE_CHARS = Math.min(256 * 1024, MAX_SEND_CHARS);

type Invoke = <K extends CommandName>(cmd: K, args: CommandArgs<K>) => Promise<CommandResult<K>>;

/** `text` cut into pieces of at most `max` UTF-16 units (max ≥ 2), never inside a surrogate pair. */
export function splitText(text: string, max: number = SEND_PIECE_CHARS): string[] {
  if (max < 2) throw new RangeError('pieces must hold at least 2 characters');
  const pieces: string[] = [];
  let at = 0;
  while (text.length - at > max) {
    let end = at + max;
    const before = text.charCodeAt(end - 1);
    if (before >= 0xd800 && before <= 0xdbff) end--;
    pieces.push(text.slice(at, end));
    at = end;
  }
  pieces.push(text.slice(at));
  return pieces;
}

/** Sends `args` as one `session:send`, or in order as several when the text is long. */
export async function sendInPieces(invoke: Invoke, args: CommandArgs<'session:send'>, max: number = SEND_PIECE_CHARS): Promise<CommandResult<'session:send'>> {
  if (args.text.length <= max) return invoke('session:send', args);
  const pieces = splitText(args.text, max);
  let result: CommandResult<'session:send'> | undefined;
  let sent = 0;
  for (let i = 0; i < pieces.length; i++) {
    const last = i === pieces.length - 1;
    try {
      result = await invoke('session:send', { id: args.id, text: pieces[i], ending: last ? args.ending : 'none' });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new Error(sent === 0 ? why : `${why} (after ${sent} of ${args.text.length} characters were sent)`);
    }
    sent += pieces[i].length;
  }
  return result!;
}

/**
 * `invoke` with long `session:send` texts sent in pieces; other commands pass through.
 * Sends run one after another, so a short send never lands between another's pieces.
 */
export function withSendsInPieces(invoke: Invoke, max: number = SEND_PIECE_CHARS): Invoke {
  let sends: Promise<unknown> = Promise.resolve();
  return <K extends CommandName>(cmd: K, args: CommandArgs<K>): Promise<CommandResult<K>> => {
    if (cmd !== 'session:send') return invoke(cmd, args);
    const send = args as CommandArgs<'session:send'>;
    const run = sends.then((): Promise<unknown> => (typeof send?.text === 'string' && send.text.length > max ? sendInPieces(invoke, send, max) : invoke(cmd, args)));
    sends = run.catch(() => {});
    return run as Promise<CommandResult<K>>;
  };
}

