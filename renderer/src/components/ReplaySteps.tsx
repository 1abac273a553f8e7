/**
 * A replayed dialog's steps beside its session's transcript (above it in a narrow
 * window): each step's expected lines and reply, turning green when met and red when
 * missed (with expected against got), the replay's state, and Stop while it runs.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import type { ReplayInfo, ReplayStepView, SessionInfo } from '../../../shared/types.ts';
import { useStore } from '../store/store-context.ts';
import { replaysOf } from '../store/replays.ts';
import './replay.css';

const STEP_TEXT: Record<ReplayStepView['status'], string> = {
  waiting: 'not yet',
  running: 'waiting for output',
  pass: 'passed',
  fail: 'failed',
  skip: 'skipped',
};

const STEP_MARK: Record<ReplayStepView['status'], string> = { waiting: '○', running: '…', pass: '✓', fail: '✗', skip: '–' };

function stateText(r: ReplayInfo): string {
  switch (r.state) {
    case 'starting': return 'Starting…';
    case 'running': {
      const at = r.steps.findIndex((s) => s.status === 'running');
      return at < 0 ? 'Running' : `Running: step ${at + 1} of ${r.steps.length}`;
    }
    case 'pass': return 'Passed';
    case 'fail': return 'Failed';
    case 'skip': return 'Skipped';
    case 'stopped': return 'Stopped';
  }
}

/** The transcript, with the steps of the dialog replayed in this session beside it. */
export function ReplaySplit({ session, children }: { session: SessionInfo; children: ReactNode }) {
  const store = useStore();
  const replay = replaysOf(store).forSession(session.id);
  return (
    <div className="replay-split">
      {children}
      {replay && <ReplaySteps replay={replay} />}
    </div>
  );
}

function ReplaySteps({ replay: r }: { replay: ReplayInfo }) {
  const store = useStore();
  const replays = replaysOf(store);
  const listRef = useRef<HTMLOListElement>(null);
  const active = r.state === 'starting' || r.state === 'running';
  // The step being waited for, or the one that failed, stays in view.
  const focusAt = r.steps.findIndex((s) => s.status === 'running' || s.status === 'fail');
  useEffect(() => {
    if (focusAt < 0) return;
    const el = listRef.current?.children[focusAt] as HTMLElement | undefined;
    el?.scrollIntoView?.({ block: 'nearest' });
  }, [focusAt]);

  return (
    <aside className={`replay-steps ${r.state}`} aria-label="Replay steps">
      <div className="replay-head">
        <strong className="replay-file" title={r.file}>{r.file}</strong>
        <span className={`replay-state ${r.state}`} role="status" data-state={r.state}>{stateText(r)}</span>
        {active
          ? <button type="button" className="small" onClick={() => void replays.stop(r.replayId)} title="Stop the replay and its program (the transcript is kept)">Stop</button>
          : <button type="button" className="small" onClick={() => replays.hide(r.replayId)} aria-label="Close the replay steps" title="Close the replay steps">×</button>}
      </div>
      {r.message && r.state !== 'running' && <p className={`replay-message ${r.state}`}>{r.message}</p>}
      <ol ref={listRef} className="replay-list">
        {r.steps.map((s, i) => (
          <li key={i} className={`replay-step ${s.status}`} data-status={s.status}>
            <div className="replay-step-head">
              <span className="replay-mark" aria-hidden="true">{STEP_MARK[s.status]}</span>
              <span className="replay-label">{i === r.steps.length - 1 ? s.label.replace(/^end: /, 'The end: ') : `Step ${i + 1}`}</span>
              <span className="replay-status">{STEP_TEXT[s.status]}</span>
            </div>
            {s.expect.length > 0 && (
              <ul className="replay-expect" aria-label="Expected lines">
                {s.expect.map((l, k) => <li key={k}><code>{l === '' ? '(an empty line)' : l}</code></li>)}
              </ul>
            )}
            {s.send !== undefined && <div className="replay-send">then sends <code>{s.send}</code></div>}
            {s.label.endsWith('then close input') && <div className="replay-send">then closes its input (EOF)</div>}
            {s.message && s.status !== 'pass' && <div className="replay-step-message">{s.message}</div>}
            {s.status === 'fail' && s.diff && s.diff.length > 0 && <pre className="replay-diff" aria-label="Expected against got">{s.diff.join('\n')}</pre>}
          </li>
        ))}
      </ol>
    </aside>
  );
}
