import { createContext, useContext, useSyncExternalStore } from 'react';
import type { AppStore } from './app-store.ts';

export const StoreContext = createContext<AppStore | null>(null);

/** The store, re-rendering the caller once per frame in which anything changed. */
export function useStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStore outside StoreContext');
  useSyncExternalStore(store.subscribe, store.getVersion);
  return store;
}
