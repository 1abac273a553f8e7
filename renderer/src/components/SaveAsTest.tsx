/**
 * "Save as test": the session as a dialog file's steps, to check before saving. A line
 * can be turned into a pattern (the proposed masks, editable) or back into exact text,
 * or dropped; Save writes the file (a download in the browser, a save dialog in the app).
 */
import { useEffect, useRef, useState } from 'react';
import { parseDialog, writeDialog, type Dialog, type DialogProposal, type ExpectLine } from '../../../shared/dialog.ts';
import { matchLine, toPattern } from '../../../shared/dialog-match.ts';
import { download } from '../plot/plot-export.ts';
import { useStore } from '../store/store-context.ts';
import { DialogCheck } from './DialogCheck.tsx';
import './save-as-test.css';

interface Props {
  id: number;
  onClose: () => void;
}

interface EditLine {
  text: string;
  line: ExpectLine;
  dropped: boolean;
}

function downloadText(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  download(url, name);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function SaveAsTest({ id, onClose }: Props) {
  const store = useStore();
  const [proposal, setProposal] = useState<DialogProposal | null>(null);
  const [lines, setLines] = useState<EditLine[][]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [cwd, setCwd] = useState('');
  // The proposal is read once per opening, however often the transcript around it redraws.
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    let live = true;
    void store.run('Could not make a test of this session', () => store.bridge.invoke('dialog:propose', { id })).then((p) => {
      if (!live) return;
      if (!p) return closeRef.current();
      setProposal(p);
      setLines(p.dialog.steps.map((st, i) => st.expect.map((line, k) => ({ text: p.texts[i]?.[k] ?? (typeof line === 'string' ? line : ''), line, dropped: false }))));
    });
    return () => {
      live = false;
    };
  }, [id, store]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && closeRef.current();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const edit = (s: number, k: number, change: Partial<EditLine>) =>
    setLines((all) => all.map((step, i) => (i !== s ? step : step.map((l, j) => (j === k ? { ...l, ...change } : l)))));

  const result = (): Dialog | null => {
    if (!proposal) return null;
    const program = proposal.dialog.program && { ...proposal.dialog.program, ...(cwd.trim() ? { cwd: cwd.trim() } : {}) };
    return { ...proposal.dialog, ...(program ? { program } : {}), steps: proposal.dialog.steps.map((st, i) => ({ ...st, expect: lines[i].filter((l) => !l.dropped).map((l) => l.line) })) };
  };

  const save = () => {
    const d = result();
    if (!d || !proposal) return;
    try {
      // The file must read back: a pattern typed wrong is said here, not at replay.
      const text = writeDialog(d);
      parseDialog(text);
      downloadText(proposal.fileName, text);
      onClose();
    } catch (e) {
      setProblem((e as Error).message);
    }
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="save-test" role="dialog" aria-modal="true" aria-label="Save as test">
        <h2>Save as test</h2>
        {!proposal ? <p>Reading the session…</p> : (
          <>
            <p className="save-test-program">
              {proposal.dialog.connect ? `connect ${proposal.dialog.connect}` : proposal.dialog.program!.command.join(' ')}
              {proposal.dialog.program?.pty ? ' (pseudo-terminal)' : ''}
            </p>
            {proposal.dialog.program && (
              <label className="save-test-cwd">
                Working directory{' '}
                <input value={cwd} onChange={(e) => setCwd(e.target.value)} placeholder="the dialog file's folder" spellCheck={false} />
              </label>
            )}
            <ol className="save-test-steps">
              {proposal.dialog.steps.map((st, i) => (
                <li key={i} className="save-test-step" data-step={i + 1}>
                  <div className="save-test-step-title">Step {i + 1}: expect</div>
                  <ul>
                    {lines[i].map((l, k) => {
                      const isPattern = typeof l.line !== 'string';
                      const patternText = typeof l.line === 'string' ? '' : 'mask' in l.line ? l.line.mask : l.line.regex;
                      const fits = !isPattern || safeMatch(l.line, l.text);
                      return (
                        <li key={k} className={`save-test-line${l.dropped ? ' dropped' : ''}${isPattern ? ' pattern' : ''}`}>
                          {isPattern ? (
                            <input
                              aria-label={`Pattern of line ${k + 1} of step ${i + 1}`}
                              value={patternText}
                              spellCheck={false}
                              onChange={(e) => edit(i, k, { line: typeof l.line !== 'string' && 'regex' in l.line ? { regex: e.target.value } : { mask: e.target.value } })}
                            />
                          ) : (
                            <code>{l.text === '' ? '(empty line)' : l.text}</code>
                          )}
                          {isPattern && !fits && <span className="save-test-warn">does not match “{l.text}”</span>}
                          <button type="button" onClick={() => edit(i, k, { line: isPattern ? l.text : toPattern(l.text, proposal.pid ? { pid: proposal.pid } : {}) })}>
                            {isPattern ? 'Exact' : 'Pattern'}
                          </button>
                          <button type="button" onClick={() => edit(i, k, { dropped: !l.dropped })}>{l.dropped ? 'Keep' : 'Drop'}</button>
                        </li>
                      );
                    })}
                    {lines[i].length === 0 && <li className="save-test-none">(no output)</li>}
                  </ul>
                  {st.send !== undefined && <div className="save-test-send">then send <code>{st.send}</code>{st.ending === 'none' ? ' (no line ending)' : ''}</div>}
                  {st.eof && <div className="save-test-send">then close input (EOF)</div>}
                </li>
              ))}
            </ol>
            <p className="save-test-end">
              End: {proposal.dialog.end?.eof !== false ? 'output ends' : 'no end check'}
              {proposal.dialog.end?.exit !== undefined ? `, exit status ${proposal.dialog.end.exit}` : ''}
            </p>
          </>
        )}
        {problem && <p className="save-test-problem" role="alert">{problem}</p>}
        <div className="save-test-buttons">
          <button type="button" onClick={save} disabled={!proposal}>Save</button>
          <button type="button" onClick={onClose}>Cancel</button>
        </div>
      </div>
    </div>
  );
}

function safeMatch(l: ExpectLine, text: string): boolean {
  try {
    return matchLine(l, text);
  } catch {
    return false;
  }
}

/** The toolbar button that opens it. */
export function SaveAsTestButton({ id }: { id: number }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} title="Save this session as a dialog file to replay as a test (porthole replay)">Save as test</button>
      {open && <SaveAsTest id={id} onClose={() => setOpen(false)} />}
      <DialogCheck id={id} />
    </>
  );
}
