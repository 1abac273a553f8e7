import type { SessionInfo } from '../../../shared/types.ts';

export function formatBytes(n: number): string {
  if (n < 1024) return `${Math.round(n)} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GiB`;
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function formatTime(ms: number): string {
  const d = new Date(ms);
  const p = (v: number, w = 2) => String(v).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

export function stateLabel(s: SessionInfo): string {
  if (s.readOnly) return 'past';
  if (s.state === 'live') return s.eofSent ? 'live (EOF sent)' : 'live';
  if (s.state === 'eof') return 'finished sending';
  if (s.exit) return s.exit.signal ? `closed (${s.exit.signal})` : `closed (exit ${s.exit.code})`;
  return 'closed';
}

/** Why nothing can be sent to this session, or null when replies are possible. */
export function sendBlockedReason(s: SessionInfo): string | null {
  if (s.readOnly) return 'Past session: read-only.';
  if (s.state === 'closed') return 'Session closed: nothing more can be sent.';
  if (s.eofSent) return 'You sent EOF: nothing more can be sent.';
  return null;
}
