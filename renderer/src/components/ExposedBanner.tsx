import { useStore } from '../store/store-context.ts';

export function ExposedBanner() {
  const store = useStore();
  const exposed = store.listeners.filter((l) => l.exposed && l.state === 'listening');
  const where = exposed.flatMap((l) => l.addresses).join(', ');
  return (
    <>
      {store.connection === 'disconnected' && (
        <div className="banner error" role="alert">Lost the connection to the Porthole core; reconnecting…</div>
      )}
      {exposed.length > 0 && (
        <div className="banner warning" role="alert">
          Warning: listening beyond this machine on {where}. Anyone who can reach it can connect and read what you type.
        </div>
      )}
    </>
  );
}
