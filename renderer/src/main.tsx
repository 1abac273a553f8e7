import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getBridge } from './bridge/index.ts';
import { App } from './components/App.tsx';
import { AppStore } from './store/app-store.ts';
import { StoreContext } from './store/store-context.ts';
import './app.css';

const bridge = getBridge();
const store = new AppStore(bridge);
store.setConnection(bridge.connection);
bridge.onConnectionChange((state) => store.setConnection(state));
store.start().catch((e: unknown) => store.notify('error', `Could not reach the Porthole core: ${e instanceof Error ? e.message : String(e)}`));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
