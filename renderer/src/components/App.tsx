import { actionForKey, requestAction, withKey } from '../model/action-keys.ts';
import { RunAgain } from './RunAgain.tsx';
import { useEffect, useState } from 'react';
import { useStore } from '../store/store-context.ts';
import { ExposedBanner } from './ExposedBanner.tsx';
import { PlotSlot } from './PlotSlot.tsx';
import { FindBar } from './FindBar.tsx';
import { HexView } from './HexView.tsx';
import { ViewToolsBar } from './ViewToolsBar.tsx';
import { viewToolsOf } from '../store/view-tools.ts';
import { QuietHint } from './QuietHint.tsx';
import { REPLY_ID, ReplyBox } from './ReplyBox.tsx';
import { SessionTitle } from './SessionTitle.tsx';
import { NARROW_QUERY, Sidebar } from './Sidebar.tsx';
import { StatusBar } from './StatusBar.tsx';
import { Toasts } from './Toasts.tsx';
import { Transcript } from './Transcript.tsx';
import { Welcome } from './Welcome.tsx';
import { AutoResponses } from './AutoResponses.tsx';
import { Bookmarks } from './Bookmarks.tsx';
import { ReplaySplit } from './ReplaySteps.tsx';
import { stateLabel } from '../model/format.ts';
import { sessionForKey } from '../model/session-keys.ts';
import { listOrder } from '../model/session-groups.ts';
import { updateViewSettings, useViewSettings } from '../model/view-settings.ts';

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

function useMedia(query: string): boolean {
  const [on, setOn] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const mq = window.matchMedia(query);
    const onChange = () => setOn(mq.matches);
    mq.addEventListener('change', onChange);
    onChange();
    return () => mq.removeEventListener('change', onChange);
  }, [query]);
  return on;
}

export function App() {
  const store = useStore();
  const now = useNow(1000);
  const narrow = useMedia(NARROW_QUERY);
  const [sideOpen, setSideOpen] = useState(false);
  // Choosing a session in the folded-out sidebar shows it.
  const selected = store.selectedId;
  useEffect(() => setSideOpen(false), [selected]);
  const [findOpen, setFindOpen] = useState(false);
  const showTime = useViewSettings().showTime;
  const setShowTime = (on: boolean) => updateViewSettings({ showTime: on });
  const [plotOpen, setPlotOpen] = useState(false);
  const [respondOpen, setRespondOpen] = useState(false);
  const session = store.selectedId === null ? undefined : store.sessions.get(store.selectedId);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const pick = sessionForKey(e, listOrder(store.sessionList()), store.selectedId);
      if (pick !== null) {
        e.preventDefault();
        if (pick !== store.selectedId) store.select(pick);
        return;
      }
      const action = actionForKey(e);
      if (action === 'plot' || action === 'respond') {
        e.preventDefault();
        if (store.selectedId === null) return;
        if (action === 'plot') setPlotOpen((o) => !o);
        else setRespondOpen((o) => !o);
        return;
      }
      if (action) {
        e.preventDefault();
        // Run…, Connect… and the sidebar may be folded away: shown for the panel asked for.
        if ((action === 'run' || action === 'connect') && narrow) setSideOpen(true);
        requestAction(action);
        return;
      }
      if (mod && !e.altKey && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        if (findOpen) (document.querySelector('.find-bar input') as HTMLInputElement | null)?.focus();
        setFindOpen(true);
      } else if (mod && !e.altKey && e.key.toLowerCase() === 'l') {
        e.preventDefault();
        document.getElementById(REPLY_ID)?.focus();
      } else if (e.key === 'Escape' && sideOpen && narrow) {
        setSideOpen(false);
        document.getElementById('sidebar-toggle')?.focus();
      } else if (e.key === 'Escape' && findOpen) {
        void store.clearSearch();
        setFindOpen(false);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [findOpen, store, sideOpen, narrow]);

  const sideToggle = narrow && (
    <button
      type="button"
      id="sidebar-toggle"
      className="sidebar-toggle"
      aria-expanded={sideOpen}
      aria-controls="sidebar"
      title="Show the listeners and sessions (Escape hides them)"
      onClick={() => setSideOpen(!sideOpen)}
    >
      Sessions
    </button>
  );

  return (
    <div className="app">
      <ExposedBanner />
      <div className={`app-body${narrow ? ' narrow' : ''}`}>
        <Sidebar
          hidden={narrow && !sideOpen}
          onHide={narrow ? () => {
            setSideOpen(false);
            document.getElementById('sidebar-toggle')?.focus();
          } : undefined}
        />
        <main className="main">
          {session
            ? (
              <>
                <header className="session-header">
                  {sideToggle}
                  <SessionTitle key={`title-${session.id}`} session={session} />
                  <span className="session-peer">{session.peer}</span>
                  <span className={`session-state ${session.state}`}>{stateLabel(session)}</span>
                  {session.pty && <span className="session-pty" title="Runs on a pseudo-terminal: stdout and stderr are one stream, and the terminal echoes what you type">terminal</span>}
                  {session.command && <code className="command" title={session.command}>{session.command}</code>}
                  <RunAgain session={session} />
                  <button type="button" className="respond-toggle" aria-pressed={respondOpen} onClick={() => setRespondOpen(!respondOpen)} title={withKey("Rules that answer the script's output for you", 'respond')}>Auto-responses</button>
                  <button type="button" className="plot-toggle" aria-pressed={plotOpen} onClick={() => setPlotOpen(!plotOpen)} title={withKey('Plot the numbers this script prints', 'plot')}>Plot</button>
                  {!findOpen && <button type="button" className="find-open" onClick={() => setFindOpen(true)} title="Find (Ctrl+F)">Find</button>}
                </header>
                {session.transcriptError && (
                  <div className="session-notice" role="status">
                    <strong>The transcript is not being saved.</strong> {session.transcriptError}
                  </div>
                )}
                {findOpen && <FindBar sessionId={session.id} onClose={() => setFindOpen(false)} />}
                {respondOpen && <AutoResponses key={`respond-${session.id}`} session={session} />}
                <Bookmarks key={`marks-${session.id}`} session={session} />
                <ViewToolsBar key={`tools-${session.id}`} session={session} />
                <ReplaySplit session={session}>
                  <Transcript key={session.id} session={session} showTime={showTime} onShowTime={setShowTime} />
                </ReplaySplit>
                {viewToolsOf(store).hex && <HexView sessionId={session.id} />}
                {plotOpen && <PlotSlot sessionId={session.id} />}
                <QuietHint session={session} lastSentAt={store.lastSentAt.get(session.id)} now={now} />
                <ReplyBox key={`reply-${session.id}`} session={session} />
              </>
            )
            : (
              <>
                {sideToggle && <div className="session-header">{sideToggle}</div>}
                <Welcome />
              </>
            )}
        </main>
      </div>
      <StatusBar />
      <Toasts />
    </div>
  );
}
