/**
 * "Replay…": open a dialog file (*.dialog.json) and replay it as a new session. A
 * program run in a folder relative to the dialog file needs that folder, which a page
 * cannot learn from a picked file: it is asked for, and remembered.
 */
import { useRef, useState } from 'react';
import { DialogError, parseDialog, type Dialog } from '../../../shared/dialog.ts';
import { useStore } from '../store/store-context.ts';
import { replaysOf } from '../store/replays.ts';
import './replay.css';

const FOLDER_KEY = 'porthole.replayFolder';

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

function readFolder(): string {
  try {
    return localStorage.getItem(FOLDER_KEY) ?? '';
  } catch {
    return '';
  }
}

function describe(d: Dialog): string {
  return d.connect ? `connects to ${d.connect}` : `runs ${d.program!.command.join(' ')}`;
}

export function ReplayStart() {
  const store = useStore();
  const replays = replaysOf(store);
  const fileRef = useRef<HTMLInputElement>(null);
  const [picked, setPicked] = useState<{ file: string; text: string; dialog: Dialog } | null>(null);
  const [problem, setProblem] = useState('');
  const [folder, setFolder] = useState(readFolder);
  const run = store.info?.run;
  const starting = [...replays.byId.values()].filter((r) => r.state === 'starting');

  const start = async (file: string, text: string, baseDir?: string) => {
    const info = await replays.start(file, text, baseDir);
    if (!info) return;
    if (baseDir) {
      try {
        localStorage.setItem(FOLDER_KEY, baseDir);
      } catch {
        // Not remembered: asked again next time.
      }
    }
    setPicked(null);
  };

  const open = async (f: File) => {
    setProblem('');
    let text: string;
    try {
      text = await f.text();
    } catch (e) {
      setProblem(`Could not read ${f.name}: ${(e as Error).message}`);
      return;
    }
    let dialog: Dialog;
    try {
      dialog = parseDialog(text);
    } catch (e) {
      setPicked(null);
      setProblem(`${f.name} is not a dialog file: ${e instanceof DialogError ? e.message : (e as Error).message}`);
      return;
    }
    const cwd = dialog.program && !dialog.program.listen ? dialog.program.cwd ?? '.' : null;
    if (cwd !== null && !isAbsolute(cwd)) setPicked({ file: f.name, text, dialog });
    else void start(f.name, text);
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const dir = folder.trim();
    if (!dir) return setProblem('Enter the folder the dialog file is in.');
    if (!isAbsolute(dir)) return setProblem(`Enter a full path (such as /home/me/project), not '${dir}'.`);
    setProblem('');
    void start(picked!.file, picked!.text, dir);
  };

  return (
    <section className="side-section replay-start" aria-labelledby="replay-h">
      <h2 id="replay-h" className="visually-hidden">Replay a dialog file</h2>
      <button
        type="button"
        onClick={() => fileRef.current?.click()}
        disabled={run ? !run.allowed : false}
        title={run && !run.allowed ? `Replay is off: ${run.why ?? 'this Porthole does not start programs'}` : 'Open a dialog file (*.dialog.json) and replay it as a new session, its steps shown beside the transcript'}
      >
        Replay…
      </button>
      <input ref={fileRef} type="file" accept=".json,application/json" hidden aria-label="Dialog file to replay" onChange={(e) => {
        const f = e.target.files?.[0];
        e.target.value = '';
        if (f) void open(f);
      }} />
      {picked && (
        <form className="side-form replay-form" onSubmit={submit} aria-label={`Replay ${picked.file}`}>
          <p className="replay-form-what"><strong>{picked.file}</strong> {describe(picked.dialog)} in <code>{picked.dialog.program?.cwd ?? '.'}</code>, relative to the dialog file's folder.</p>
          <label className="replay-folder">
            Folder of the dialog file
            <input value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="/home/me/project/tests" spellCheck={false} autoFocus />
          </label>
          <div className="form-buttons">
            <button type="submit">Replay</button>
            <button type="button" onClick={() => {
              setPicked(null);
              setProblem('');
            }}>Cancel</button>
          </div>
        </form>
      )}
      {problem && <p className="error-text" role="alert">{problem}</p>}
      {starting.length > 0 && (
        <ul className="replay-starting" aria-label="Replays starting">
          {starting.map((r) => <li key={r.replayId}>Starting {r.file}…</li>)}
        </ul>
      )}
    </section>
  );
}
