import { shouldHintBuffering } from '../model/quiet-hint.ts';
import { useStore } from '../store/store-context.ts';
import type { SessionInfo } from '../../../shared/types.ts';

export function QuietHint({ session, lastSentAt, now }: { session: SessionInfo; lastSentAt: number | undefined; now: number }) {
  const last = useStore().windowOf(session.id).last();
  const lastRowOpen = last !== undefined && last.open === true && (last.kind === 'out' || last.kind === 'err');
  if (!shouldHintBuffering(session, lastSentAt, now, lastRowOpen)) return null;
  const secs = Math.floor((now - (session.lastInputAt ?? session.startedAt)) / 1000);
  return (
    <div className="hint" role="note">
      Nothing received for {secs} s. The script may be buffering its output: add <code>flush=True</code> to its
      {' '}<code>print</code> calls, run it with <code>python -u</code>, or start it with <code>porthole run -- …</code>.
    </div>
  );
}
