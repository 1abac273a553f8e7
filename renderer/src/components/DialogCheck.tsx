/**
 * "Check against test": a dialog file's steps beside the transcript, turning green as
 * the session meets them and red where it misses, while a person goes through the
 * dialog by hand (the program runs as usual, with `porthole run`). Nothing is started
 * from the window: it only reads the session's rows.
 */
import { useEffect, useRef, useState } from 'react';
import { checkRows, type CheckRow, type StepCheck } from '../../../shared/dialog-check.ts';
import { DialogError, parseDialog, showLine, type Dialog } from '../../../shared/dialog.ts';
import { useStore } from '../store/store-context.ts';

/** Rows read for a check at most; dialogs are short. */
const MAX_ROWS = 20_000;

export function DialogCheck({ id }: { id: number }) {
  const store = useStore();
  const fileRef = useRef<HTMLInputElement>(null);
  const [dialog, setDialog] = useState<{ name: string; d: Dialog } | null>(null);
  const [checks, setChecks] = useState<StepCheck[]>([]);
  const info = store.sessions.get(id);
  const count = info?.rows ?? 0;
  const ended = info ? info.state !== 'live' : false;

  useEffect(() => {
    if (!dialog) return;
    let live = true;
    void (async () => {
      const rows: CheckRow[] = [];
      const to = Math.min(count, MAX_ROWS);
      for (let at = 0; at < to;) {
        const res = await store.run('Could not read the session', () => store.bridge.invoke('session:rows', { id, from: at, to }));
        if (!res || res.rows.length === 0) break;
        rows.push(...res.rows);
        at += res.rows.length;
      }
      if (live) setChecks(checkRows(dialog.d, rows, ended));
    })();
    return () => {
      live = false;
    };
  }, [dialog, id, count, ended, store]);

  const open = async (file: File) => {
    try {
      setDialog({ name: file.name, d: parseDialog(await file.text()) });
    } catch (e) {
      store.notify('error', `${file.name} is not a dialog file: ${e instanceof DialogError ? e.message : (e as Error).message}`);
    }
  };

  const exitWanted = dialog?.d.end?.exit;
  const exitState = exitWanted === undefined || !info ? null : info.exit ? (info.exit.code === exitWanted ? 'met' : 'missed') : ended && info.state === 'closed' ? 'missed' : 'pending';
  return (
    <>
      <button type="button" onClick={() => fileRef.current?.click()} title="Open a dialog file and see its steps met or missed as you go through them">Check against test…</button>
      <input ref={fileRef} type="file" accept=".json,application/json" hidden aria-label="Dialog file to check against" onChange={(e) => {
        const f = e.target.files?.[0];
        e.target.value = '';
        if (f) void open(f);
      }} />
      {dialog && (
        <aside className="dialog-check" aria-label="Test steps">
          <div className="dialog-check-head">
            <strong>{dialog.d.name ?? dialog.name}</strong>
            <button type="button" onClick={() => setDialog(null)} aria-label="Close the test steps">×</button>
          </div>
          <ol>
            {dialog.d.steps.map((st, i) => {
              const c = checks[i];
              const state = c?.state ?? 'pending';
              return (
                <li key={i} className={`dialog-check-step ${state}`} data-state={state}>
                  <div>Step {i + 1}: {state === 'met' ? 'met' : state === 'missed' ? 'missed' : 'waiting'}</div>
                  <ul>
                    {st.expect.map((l, k) => (
                      <li key={k} className={c?.line === k && state === 'missed' ? 'differs' : undefined}>
                        <code>{showLine(l)}</code>
                        {c?.line === k && state === 'missed' && <div className="dialog-check-got">got {c.got[k] === undefined ? '(nothing)' : JSON.stringify(c.got[k])}</div>}
                      </li>
                    ))}
                  </ul>
                  {st.send !== undefined && <div className="dialog-check-send">then send <code>{st.send}</code></div>}
                </li>
              );
            })}
            {exitState && <li className={`dialog-check-step ${exitState}`} data-state={exitState}>End: exit status {exitWanted}{info?.exit ? ` (got ${info.exit.code ?? info.exit.signal})` : ''}</li>}
          </ol>
        </aside>
      )}
    </>
  );
}
