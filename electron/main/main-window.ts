/** The one Porthole window: locked down, sized as last time, following the OS theme. */
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, nativeTheme, screen } from 'electron';
import type { CoreService } from '../core/service-api.ts';
import { APP_URL } from './app-origin.ts';
import { exportWithDialog } from './export-dialog.ts';
import { createIpcAdapter } from './ipc-adapter.ts';
import { DEFAULT_SIZE, fitBounds, loadWindowState, saveWindowState } from './window-state.ts';

const background = () => (nativeTheme.shouldUseDarkColors ? '#1e1f22' : '#ffffff');

export interface MainWindowOptions {
  service: CoreService;
  preload: string;
  /** A development run (dev-mode.ts): DevTools are available. */
  development: boolean;
  /** Only in a development run: the dev server's page, loaded instead of app://porthole. */
  devRendererUrl: string | null;
  /** Which pages are ours (app-origin.ts), for the IPC sender check. */
  isOwnPage(url: string): boolean;
}

export function createMainWindow({ service, preload, development, devRendererUrl, isOwnPage }: MainWindowOptions): BrowserWindow {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const saved = loadWindowState(stateFile);
  const bounds = saved ? fitBounds(saved.bounds, screen.getAllDisplays().map((d) => d.workArea)) : null;

  const win = new BrowserWindow({
    ...(bounds ?? DEFAULT_SIZE),
    minWidth: 480,
    minHeight: 320,
    show: false,
    title: 'Porthole',
    backgroundColor: background(),
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: development,
    },
  });
  if (saved?.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  const onTheme = () => win.setBackgroundColor(background());
  nativeTheme.on('updated', onTheme);

  const adapter = createIpcAdapter({
    ipcMain,
    webContents: win.webContents,
    service,
    isOwnPage,
    exportSession: (id, format) => exportWithDialog(win, service, id, format),
  });
  win.webContents.on('did-start-loading', () => adapter.pageReset());

  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  const saveState = () => {
    if (win.isDestroyed()) return;
    try {
      saveWindowState(stateFile, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
    } catch (err) {
      console.warn(`porthole: could not remember the window size: ${(err as Error).message}`);
    }
  };
  const saveSoon = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveState, 500);
  };
  win.on('resize', saveSoon);
  win.on('move', saveSoon);
  win.on('close', () => {
    clearTimeout(saveTimer);
    saveState();
  });
  win.on('closed', () => {
    nativeTheme.off('updated', onTheme);
    adapter.dispose();
  });

  void win.loadURL(development && devRendererUrl ? devRendererUrl : APP_URL);
  return win;
}
