import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { SessionInfo } from '../../../shared/types.ts';
import { stateLabel } from '../model/format.ts';
import { groupSessions, hasHeader, moveStop, runNumbers, stopKey, visibleStops, type ListStop } from '../model/session-groups.ts';
import { errorText } from '../store/app-store.ts';
import { useStore } from '../store/store-context.ts';
import './session-list.css';

/** Groups folded by the person, kept while the page lives (the sidebar can be hidden and shown). */
const folded = new Set<string>();
let foldedVersion = 0;
const foldedSubs = new Set<() => void>();
function setFolded(program: string, fold: boolean): void {
  if (folded.has(program) === fold) return;
  if (fold) folded.add(program);
  else folded.delete(program);
  foldedVersion++;
  for (const fn of foldedSubs) fn();
}
function useFolded(): ReadonlySet<string> {
  useSyncExternalStore((fn) => {
    foldedSubs.add(fn);
    return () => foldedSubs.delete(fn);
  }, () => foldedVersion);
  return folded;
}

const SWITCH_KEYS = 'Ctrl+PageUp/PageDown: previous/next; in the list: arrow keys';

/**
 * The live and finished sessions, runs of one program grouped under a header with their
 * count (a group folds away), each run numbered. The list is one Tab stop (the selected
 * session); Up/Down/Home/End move through headers and sessions (a session is selected as
 * it is reached), Left/Right fold and unfold a group, Enter/Space select or fold, F2
 * renames, Delete removes a finished session. Ctrl+1…9 / Ctrl+PageUp/PageDown switch
 * from anywhere (App.tsx), in the same order.
 */
export function SessionList() {
  const store = useStore();
  const fold = useFolded();
  const sessions = store.sessionList();
  const groups = groupSessions(sessions);
  const runs = runNumbers(groups);
  const order = groups.flatMap((g) => g.sessions.map((s) => s.id));
  const stops = visibleStops(groups, fold);
  const listRef = useRef<HTMLUListElement>(null);
  const [renaming, setRenaming] = useState<number | null>(null);
  /** The item to focus once its name field is gone (Enter or Escape; not when the person clicked elsewhere). */
  const refocus = useRef<number | null>(null);
  useEffect(() => {
    if (renaming !== null || refocus.current === null) return;
    listRef.current?.querySelector<HTMLElement>(`[data-stop="s:${refocus.current}"]`)?.focus();
    refocus.current = null;
  }, [renaming]);

  // A session chosen from the keyboard or a notification is never hidden in a folded group.
  const selected = store.selectedId;
  const selectedProgram = groups.find((g) => g.sessions.some((s) => s.id === selected))?.program;
  useEffect(() => {
    if (selectedProgram !== undefined) setFolded(selectedProgram, false);
  }, [selected, selectedProgram]);

  // The one Tab stop: the selected session, or the header it is folded under, or the first item.
  let selectedStop = stops.findIndex((s) => s.kind === 'session' && s.id === selected);
  if (selectedStop < 0) selectedStop = stops.findIndex((s) => s.kind === 'group' && s.program === selectedProgram);
  const tabStop = stops[Math.max(0, selectedStop)];
  const focusStop = (stop: ListStop) => listRef.current?.querySelector<HTMLElement>(`[data-stop="${CSS.escape(stopKey(stop))}"]`)?.focus();
  const remove = (id: number) => void store.run('Could not remove the session', () => store.bridge.invoke('session:remove', { id }));

  const onKeyDown = (e: React.KeyboardEvent<HTMLUListElement>) => {
    if ((e.target as HTMLElement).tagName === 'INPUT') return;
    const at = stops.findIndex((s) => stopKey(s) === (e.target as HTMLElement).dataset.stop);
    const here = stops[at];
    if (!here || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'Delete' && here.kind === 'session') {
      if (store.sessions.get(here.id)?.state === 'closed') {
        e.preventDefault();
        // Focus stays in the list, on the neighbour, rather than falling to the page.
        const neighbour = stops[at + 1] ?? stops[at - 1];
        void store.run('Could not remove the session', () => store.bridge.invoke('session:remove', { id: here.id })).then(() => {
          if (neighbour) requestAnimationFrame(() => focusStop(neighbour));
        });
      }
      return;
    }
    if (e.key === 'F2' && here.kind === 'session') {
      e.preventDefault();
      // The header's own F2 would open a second name field.
      e.stopPropagation();
      setRenaming(here.id);
      return;
    }
    if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && !e.shiftKey) {
      const hasGroup = here.kind === 'group' || groups.some((g) => g.program === here.program && hasHeader(g));
      if (!hasGroup) return;
      e.preventDefault();
      if (here.kind === 'group') setFolded(here.program, e.key === 'ArrowLeft');
      else if (e.key === 'ArrowLeft') focusStop({ kind: 'group', program: here.program });
      return;
    }
    const next = moveStop(e.key, stops, at);
    if (next === null) return;
    e.preventDefault();
    const stop = stops[next];
    if (stop.kind === 'session') store.select(stop.id);
    focusStop(stop);
  };

  const item = (s: SessionInfo, i: number, grouped: boolean) => {
    const unread = store.unread(s.id);
    const isSelected = s.id === selected;
    const prompt = store.promptOf(s.id);
    const n = order.indexOf(s.id);
    const keys = n < 9 ? `Ctrl+${n + 1}; ${SWITCH_KEYS}` : SWITCH_KEYS;
    const trying = s.reconnect?.state === 'trying';
    return (
      <li key={s.id} className={`session-item${grouped ? ' grouped' : ''}`}>
        {renaming === s.id
          ? <ListRename session={s} onDone={(back) => {
            refocus.current = back ? s.id : null;
            setRenaming(null);
          }} />
          : (
            <button
              type="button"
              className={`session ${s.state}${isSelected ? ' selected' : ''}${prompt !== null ? ' waiting' : ''}`}
              aria-current={isSelected ? 'true' : undefined}
              data-session={s.id}
              data-stop={stopKey({ kind: 'session', id: s.id, program: '' })}
              tabIndex={tabStop?.kind === 'session' && tabStop.id === s.id ? 0 : -1}
              title={`${s.name} (${keys}; F2: rename${s.state === 'closed' ? '; Delete: remove' : ''})`}
              onClick={() => store.select(s.id)}
            >
              <span className="session-name">
                {grouped && <span className="session-run" aria-label={`run ${i}`}>#{i}</span>}
                {s.name}
              </span>
              {unread > 0 && <span className="badge unread" aria-label={`${unread} unread`}>{unread > 999 ? '999+' : unread}</span>}
              <span className="session-peer">{s.peer !== s.name ? s.peer : s.pid ? `pid ${s.pid}` : s.origin === 'connected' ? 'connected out' : 'accepted'}</span>
              <span className={`session-state ${trying ? 'reconnecting' : s.state}`}>{trying ? 'reconnecting…' : stateLabel(s)}</span>
              {prompt !== null && (
                <span className="session-waiting" title={prompt}>
                  <span className="waiting-label">waiting for input:</span> <span className="waiting-prompt">{prompt.trim() || '(empty prompt)'}</span>
                </span>
              )}
              {s.transcriptError && <span className="session-warning">transcript not saved</span>}
            </button>
          )}
        {s.state === 'closed' && renaming !== s.id && (
          <button
            type="button"
            className="session-remove"
            aria-label="Remove"
            tabIndex={-1}
            title={`Remove ${s.name} from the list (Delete; its transcript stays among the past sessions)`}
            onClick={() => remove(s.id)}
          >
            ×
          </button>
        )}
      </li>
    );
  };

  return (
    <section className="side-section sessions-section" aria-labelledby="sessions-h">
      <h2 id="sessions-h">Sessions</h2>
      {sessions.length === 0 && <p className="muted">No connections yet. Point a script at a listener, e.g. <code>porthole run -- python app.py</code>.</p>}
      <ul className="sessions" aria-label="Sessions" ref={listRef} onKeyDown={onKeyDown}>
        {groups.flatMap((g) => {
          if (!hasHeader(g)) return [item(g.sessions[0], runs.get(g.sessions[0].id) ?? 1, false)];
          const isFolded = fold.has(g.program);
          const live = g.sessions.filter((s) => s.state !== 'closed').length;
          const header = (
            <li key={`group:${g.program}`} role="presentation" className="session-group">
              <button
                type="button"
                className="session-group-header"
                aria-expanded={!isFolded}
                data-stop={stopKey({ kind: 'group', program: g.program })}
                tabIndex={tabStop?.kind === 'group' && tabStop.program === g.program ? 0 : -1}
                title={`${isFolded ? 'Show' : 'Fold away'} the ${g.sessions.length} runs of ${g.program} (Enter; in the list: Left/Right)`}
                onClick={() => setFolded(g.program, !isFolded)}
              >
                <span className="group-twisty" aria-hidden="true">{isFolded ? '▸' : '▾'}</span>
                <span className="group-name">{g.program}</span>
                <span className="group-count" aria-label={`${g.sessions.length} runs${live ? `, ${live} open` : ''}`}>{g.sessions.length}</span>
              </button>
            </li>
          );
          return isFolded ? [header] : [header, ...g.sessions.map((s) => item(s, runs.get(s.id) ?? 1, true))];
        })}
      </ul>
    </section>
  );
}

/** The name field that takes a list item's place while renaming: Enter keeps, Escape cancels. */
function ListRename({ session, onDone }: { session: SessionInfo; onDone: (refocus: boolean) => void }) {
  const store = useStore();
  const [draft, setDraft] = useState(session.name);
  const [problem, setProblem] = useState<string | null>(null);
  const ref = useRef<HTMLInputElement>(null);
  const done = useRef(false);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  const finish = (refocus: boolean) => {
    if (done.current) return;
    done.current = true;
    onDone(refocus);
  };
  const save = async (refocus: boolean) => {
    if (done.current) return;
    if (draft.trim() === session.name) return finish(refocus);
    try {
      await store.bridge.invoke('session:rename', { id: session.id, name: draft });
      finish(refocus);
    } catch (e) {
      setProblem(errorText(e));
      ref.current?.focus();
    }
  };
  const problemId = `list-rename-problem-${session.id}`;
  return (
    <span className="list-rename">
      <input
        ref={ref}
        aria-label={`New name for ${session.name}`}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? problemId : undefined}
        title="Enter keeps the name, Escape cancels"
        value={draft}
        maxLength={200}
        spellCheck={false}
        onChange={(e) => {
          setDraft(e.target.value);
          setProblem(null);
        }}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Enter') {
            e.preventDefault();
            void save(true);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            finish(true);
          }
        }}
        onBlur={() => {
          // Leaving the field keeps what was typed; with a refused name, the old one (the reason was shown).
          if (!problem) void save(false);
          else finish(false);
        }}
      />
      {problem && <span id={problemId} className="rename-problem" role="alert">{problem}</span>}
    </span>
  );
}
