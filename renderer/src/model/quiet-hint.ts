import { LIMITS } from '../../../shared/limits.ts';
import type { SessionInfo } from '../../../shared/types.ts';

/**
 * Whether to suggest that the script is buffering: live, and quiet for a while either
 * from the start, or since the person sent something (a reply that got no answer).
 * A script that printed and now waits for input is not nagged.
 */
export function shouldHintBuffering(s: SessionInfo, lastSentAt: number | undefined, now: number): boolean {
  if (s.state !== 'live' || s.readOnly) return false;
  const quietSince = s.lastInputAt ?? s.startedAt;
  if (now - quietSince < LIMITS.quietHintMs) return false;
  if (s.bytesIn === 0) return true;
  return lastSentAt !== undefined && lastSentAt > quietSince && now - lastSentAt >= LIMITS.quietHintMs;
}
