/**
 * "Run…": start a program as a new session, on a pseudo-terminal or with pipes, in a
 * folder of the person's choosing. The core starts it through `porthole run` (where the
 * face may start programs at all: the browser only with `porthole serve --allow-run`).
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { SessionInfo } from '../../../shared/types.ts';
import { onAction, withKey } from '../model/action-keys.ts';
import { errorText } from '../store/app-store.ts';
import { useStore } from '../store/store-context.ts';
import './run-program.css';

const RECENT_KEY = 'porthole.runRecent';
const MAX_RECENT = 10;

interface Recent {
  command: string;
  cwd: string;
  pty: boolean;
}

function readRecent(): Recent[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]');
    if (!Array.isArray(v)) return [];
    return v.filter((r): r is Recent => !!r && typeof r.command === 'string' && typeof r.cwd === 'string' && typeof r.pty === 'boolean').slice(0, MAX_RECENT);
  } catch {
    return [];
  }
}

function remember(r: Recent): void {
  const list = [r, ...readRecent().filter((x) => x.command !== r.command || x.cwd !== r.cwd)].slice(0, MAX_RECENT);
  try {
    localStorage.setItem(RECENT_KEY, JSON.stringify(list));
  } catch {
    // Not remembered: nothing else depends on it.
  }
}

/** The pseudo-terminal's size from the transcript on screen (its width in characters, its height in rows), if there is one. */
export function terminalSize(): { cols?: number; rows?: number } {
  const view = document.querySelector<HTMLElement>('[role="log"][aria-label="Transcript"]');
  if (!view) return {};
  const px = parseFloat(getComputedStyle(view).fontSize) || 13;
  const cols = Math.floor((view.clientWidth - 40) / (px * 0.6));
  const rows = Math.floor(view.clientHeight / (px * 1.5));
  return cols >= 20 && rows >= 5 ? { cols, rows } : {};
}

/** Selects the session the person just started, once the window knows it. */
export function showStarted(store: ReturnType<typeof useStore>, s: SessionInfo): void {
  store.select(s.id);
}

export function RunProgram() {
  const store = useStore();
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  // Where focus was when the dialog opened (the reply box, for the shortcut), to go back there.
  const returnTo = useRef<HTMLElement | null>(null);
  const run = store.info?.run;
  const show = () => {
    returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setOpen(true);
  };
  useEffect(() => onAction('run', show), []);
  return (
    <section className="side-section run-program" aria-labelledby="run-h">
      <h2 id="run-h" className="visually-hidden">Run a program</h2>
      <button
        ref={opener}
        type="button"
        onClick={show}
        title={withKey(run && !run.allowed ? `Starting programs is off here: ${run.why ?? ''}` : 'Start a program as a new session, on a terminal or with pipes', 'run')}
      >
        Run…
      </button>
      {open && <RunDialog onClose={() => {
        setOpen(false);
        const back = returnTo.current;
        if (back && back.isConnected && back !== document.body) back.focus();
        else opener.current?.focus();
      }} />}
    </section>
  );
}

function RunDialog({ onClose }: { onClose: () => void }) {
  const store = useStore();
  const run = store.info?.run;
  const recent = readRecent();
  const [command, setCommand] = useState(recent[0]?.command ?? '');
  const [cwd, setCwd] = useState(recent[0]?.cwd ?? run?.home ?? '');
  const [pty, setPty] = useState(run?.pty === true && (recent[0]?.pty ?? true));
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLDivElement>(null);

  // Listening from the same commit that focuses the dialog's field, so an Escape pressed at once is not missed.
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!command.trim()) return setProblem('Enter the command to run, such as python3 app.py');
    setBusy(true);
    setProblem('');
    try {
      const s = await store.bridge.invoke('run:start', { command: command.trim(), ...(cwd.trim() ? { cwd: cwd.trim() } : {}), pty, ...(pty ? terminalSize() : {}) });
      remember({ command: command.trim(), cwd: cwd.trim(), pty });
      showStarted(store, s);
      onClose();
    } catch (err) {
      setProblem(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const pick = (r: Recent) => {
    setCommand(r.command);
    setCwd(r.cwd);
    setPty(run?.pty === true && r.pty);
  };

  // On the page itself, not in the sidebar, which a narrow window folds away.
  return createPortal(
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="run-dialog" role="dialog" aria-modal="true" aria-labelledby="run-dialog-h" ref={box}>
        <h2 id="run-dialog-h">Run a program</h2>
        {run && !run.allowed ? (
          <>
            <p className="run-off" role="alert">{run.why ?? 'This Porthole does not start programs.'}</p>
            <div className="form-buttons">
              <button type="button" autoFocus onClick={onClose}>Close</button>
            </div>
          </>
        ) : (
          <form onSubmit={(e) => void submit(e)}>
            <label className="run-field">
              Command
              <input value={command} onChange={(e) => {
                setCommand(e.target.value);
                setProblem('');
              }} placeholder="python3 app.py --verbose" spellCheck={false} autoFocus aria-describedby="run-command-hint" />
            </label>
            <p id="run-command-hint" className="run-hint">Words are split as a shell would (quotes, backslashes), but no shell runs it: no pipes, redirection or variables.</p>
            <label className="run-field">
              Folder
              <input value={cwd} onChange={(e) => {
                setCwd(e.target.value);
                setProblem('');
              }} placeholder={run?.home ?? ''} spellCheck={false} />
            </label>
            <label className="check-row" title={run?.pty === true ? 'As in a terminal: prompts such as >>> and getpass, colour and progress bars work; stdout and stderr become one stream' : String(run?.pty ?? '')}>
              <input type="checkbox" checked={pty} disabled={run?.pty !== true} onChange={(e) => setPty(e.target.checked)} aria-describedby={run?.pty !== true ? 'run-pty-off' : undefined} />
              {' '}Terminal (pty)
            </label>
            {run && run.pty !== true && <p id="run-pty-off" className="run-hint">{run.pty}</p>}
            {recent.length > 0 && (
              <div className="run-recent">
                <h3 id="run-recent-h">Recent</h3>
                <ul aria-labelledby="run-recent-h">
                  {recent.map((r, i) => (
                    <li key={i}>
                      <button type="button" className="run-recent-item" onClick={() => pick(r)} title={`${r.command} in ${r.cwd || 'the home folder'}${r.pty ? ', on a terminal' : ''}`}>
                        <code>{r.command}</code> <span className="run-recent-cwd">{r.cwd}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {problem && <p className="error-text" role="alert">{problem}</p>}
            <div className="form-buttons">
              <button type="submit" disabled={busy}>{busy ? 'Starting…' : 'Run'}</button>
              <button type="button" onClick={onClose}>Cancel</button>
            </div>
          </form>
        )}
      </div>
    </div>,
    document.body,
  );
}
