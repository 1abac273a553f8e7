/**
 * "Run again": starts a session's program anew, as a new session (a program still
 * running is stopped first). A command that only the program's own hello named (any
 * client can claim any command there) is shown, with its folder, before it runs.
 */
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { SessionInfo } from '../../../shared/types.ts';
import { onAction, withKey } from '../model/action-keys.ts';
import { errorText } from '../store/app-store.ts';
import { useStore } from '../store/store-context.ts';
import { showStarted, terminalSize } from './RunProgram.tsx';

export function RunAgain({ session }: { session: SessionInfo }) {
  const store = useStore();
  const run = store.info?.run;
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const button = useRef<HTMLButtonElement>(null);
  const allowed = run?.allowed !== false;

  const start = async () => {
    setBusy(true);
    setProblem('');
    try {
      const s = await store.bridge.invoke('run:again', { id: session.id, ...(session.pty ? terminalSize() : {}) });
      setConfirming(false);
      showStarted(store, s);
    } catch (err) {
      if (confirming) setProblem(errorText(err));
      else store.notify('error', `Could not run again: ${errorText(err)}`);
    } finally {
      setBusy(false);
    }
  };
  const ask = () => {
    if (!allowed || busy) return;
    if (session.runAgain === 'confirm') setConfirming(true);
    else void start();
  };
  const askRef = useRef(ask);
  askRef.current = ask;
  useEffect(() => onAction('runAgain', () => askRef.current()), []);

  useEffect(() => {
    if (!confirming) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      setConfirming(false);
      button.current?.focus();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [confirming]);

  if (!session.runAgain) return null;
  const live = session.state !== 'closed' && !session.readOnly;
  return (
    <>
      <button
        ref={button}
        type="button"
        className="run-again"
        disabled={!allowed || busy}
        onClick={ask}
        title={withKey(!allowed ? `Starting programs is off here: ${run?.why ?? ''}` : `Start ${session.command ?? 'its program'} again as a new session${live ? ' (this one is stopped first)' : ''}`, 'runAgain')}
      >
        Run again
      </button>
      {confirming && createPortal(
        <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && setConfirming(false)}>
          <div className="run-dialog" role="dialog" aria-modal="true" aria-labelledby="run-again-h">
            <h2 id="run-again-h">Run this command again?</h2>
            <p>The program named this command itself when it connected. Run it only if it is what you expect:</p>
            <dl className="run-confirm">
              <dt>Command</dt>
              <dd><code>{session.command}</code></dd>
              <dt>Folder</dt>
              <dd><code>{session.cwd}</code></dd>
              {session.pty && <><dt>Terminal</dt><dd>on a pseudo-terminal</dd></>}
            </dl>
            {live && <p>This session is still running: it is stopped first.</p>}
            {problem && <p className="error-text" role="alert">{problem}</p>}
            <div className="form-buttons">
              <button type="button" disabled={busy} onClick={() => void start()}>{busy ? 'Starting…' : 'Run'}</button>
              <button type="button" autoFocus onClick={() => {
                setConfirming(false);
                button.current?.focus();
              }}>Cancel</button>
            </div>
          </div>
        </div>,
        document.body,
      )}
    </>
  );
}
