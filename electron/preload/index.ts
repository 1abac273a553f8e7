/** Runs in the sandboxed preload: gives the page `window.porthole` and nothing else. */
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './api.ts';

contextBridge.exposeInMainWorld('porthole', createPreloadApi(ipcRenderer));
