import { ListenerList } from './ListenerList.tsx';
import { ConnectPanel } from './ConnectPanel.tsx';
import { SessionList } from './SessionList.tsx';
import { PastSessions } from './PastSessions.tsx';

export function Sidebar() {
  return (
    <nav className="sidebar" aria-label="Listeners and sessions">
      <ListenerList />
      <ConnectPanel />
      <SessionList />
      <PastSessions />
    </nav>
  );
}
