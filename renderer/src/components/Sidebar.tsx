import { ListenerList } from './ListenerList.tsx';
import { ConnectPanel } from './ConnectPanel.tsx';
import { SessionList } from './SessionList.tsx';
import { PastSessions } from './PastSessions.tsx';
import { ReplayStart } from './ReplayStart.tsx';
import { RunProgram } from './RunProgram.tsx';

/** Window width at or under which the sidebar folds away behind the "Sessions" button. */
export const NARROW_QUERY = '(max-width: 800px)';

/** The listeners, the sessions and the past sessions. In a narrow window it is shown over the transcript when asked for. */
export function Sidebar({ hidden = false, onHide }: { hidden?: boolean; onHide?: () => void }) {
  return (
    <nav id="sidebar" className="sidebar" aria-label="Listeners and sessions" hidden={hidden}>
      {onHide && <button type="button" className="sidebar-hide" onClick={onHide} title="Hide the listeners and sessions (Escape)">Hide</button>}
      <ListenerList />
      <ConnectPanel />
      <RunProgram />
      <ReplayStart />
      <SessionList />
      <PastSessions />
    </nav>
  );
}
