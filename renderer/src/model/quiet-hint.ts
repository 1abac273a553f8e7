import { LIMITS } from '../../../shared/limits.ts';
import type { SessionInfo } from '../../../shared/types.ts';

/** The smallest stdio buffer (C's BUFSIZ is 4096 or 8192, Python's 8192): a block-buffered script sends whole multiples of it. */
const STDIO_BLOCK = 4096;

/**
 * Whether to suggest that the script is buffering its output. Only where that is the
 * likely cause: a live script that has sent nothing at all since connecting (and the
 * person has not typed to it yet), or whose output stopped at a whole stdio block (the
 * rest is likely in its buffer). Never while a prompt waits (the last row is open) or
 * when the script simply waits for the reply the person has just sent, and never for a
 * program on a pseudo-terminal (`porthole run --pty`), whose output is not buffered.
 */
export function shouldHintBuffering(s: SessionInfo, lastSentAt: number | undefined, now: number, lastRowOpen = false): boolean {
  // On a pseudo-terminal the program's output is not buffered: the silence is the program's own.
  if (s.state !== 'live' || s.readOnly || s.pty) return false;
  const quietSince = Math.max(s.lastInputAt ?? s.startedAt, lastSentAt ?? 0);
  if (now - quietSince < LIMITS.quietHintMs) return false;
  if (s.bytesIn >= STDIO_BLOCK && s.bytesIn % STDIO_BLOCK === 0) return true;
  if (lastRowOpen) return false;
  return s.bytesIn === 0 && lastSentAt === undefined;
}
