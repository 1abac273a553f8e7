/** Electron main process: the app's lifecycle around the core service and its one window. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, nativeTheme, session } from 'electron';
import { parseCommonArgs, UsageError, type CommonOptions } from '../core/options.ts';
import { createService } from '../core/service.ts';
import type { CoreService } from '../core/service-api.ts';
import { registerAppScheme, serveAppScheme } from './app-protocol.ts';
import { ownArgs } from './argv.ts';
import { hardenAllWebContents, hardenSession } from './hardening.ts';
import { createMainWindow } from './main-window.ts';
import { installMenu } from './menu.ts';

const here = dirname(fileURLToPath(import.meta.url));
const RENDERER_DIR = join(here, '../renderer');
const PRELOAD = join(here, '../preload/index.cjs');

function readOptions(): CommonOptions | null {
  try {
    const { common, help } = parseCommonArgs(ownArgs(process.argv.slice(1)));
    if (help) {
      process.stdout.write('usage: porthole-app [--host H] [--port P] [--unix PATH] [--connect HOST:PORT] [--encoding E] [--data-dir D] [--allow ADDR]\n');
      return null;
    }
    return common;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`porthole: ${err.message}\n`);
    dialog.showErrorBox('Porthole', err.message);
    process.exitCode = 2;
    return null;
  }
}

const options = readOptions();
if (!options || !app.requestSingleInstanceLock()) {
  // Another Porthole is running: it gets focus (second-instance below) and this one leaves.
  app.quit();
} else {
  registerAppScheme();
  hardenAllWebContents();
  nativeTheme.themeSource = 'system';
  let service: CoreService | undefined;
  let win: BrowserWindow | null = null;
  let closing = false;

  const openWindow = () => {
    if (!service) return;
    win = createMainWindow({
      service,
      preload: PRELOAD,
      devServerUrl: app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL,
    });
    win.on('closed', () => (win = null));
  };

  app.on('second-instance', () => {
    if (!win) return openWindow();
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  app.whenReady().then(async () => {
    serveAppScheme(RENDERER_DIR);
    hardenSession(session.defaultSession);
    installMenu(undefined);
    service = await createService({ ...options, face: 'electron' });
    openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
  }).catch((err: unknown) => {
    dialog.showErrorBox('Porthole could not start', err instanceof Error ? err.message : String(err));
    app.exit(1);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Close the core (listeners, transcripts) before the process goes.
  app.on('will-quit', (event) => {
    if (closing || !service) return;
    closing = true;
    event.preventDefault();
    service.close().catch(() => {}).finally(() => app.quit());
  });
}
