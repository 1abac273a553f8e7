/** Electron main process: the app's lifecycle around the core service and its one window. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, nativeTheme, session } from 'electron';
import { installLastResort } from '../core/last-resort.ts';
import { parseCommonArgs, type CommonOptions } from '../core/options.ts';
import { createService } from '../core/service.ts';
import type { CoreService } from '../core/service-api.ts';
import { ownPagePredicate } from './app-origin.ts';
import { registerAppScheme, serveAppScheme } from './app-protocol.ts';
import { ownArgs } from './argv.ts';
import { DEV_BUILD, developmentMode } from './dev-mode.ts';
import { DOCUMENTATION_LINKS } from './external-links.ts';
import { hardenAllWebContents, hardenSession, openAllowedExternal } from './hardening.ts';
import { createMainWindow } from './main-window.ts';
import { utilityRunner } from './runner.ts';
import { installMenu } from './menu.ts';
import { STARTUP_EXIT_STATUS, startupMessage } from './startup-problem.ts';

const here = dirname(fileURLToPath(import.meta.url));
const RENDERER_DIR = join(here, '../renderer');
const PRELOAD = join(here, '../preload/index.cjs');
/** The built `porthole` command, through which the window's Run… starts programs. */
const CLI_MAIN = join(here, '../cli/main.js');

// Every renderer sandboxed, whatever a window's options say. Only works before ready.
app.enableSandbox();
// An error nothing caught is logged (at most once a minute) and the sessions go on,
// rather than Electron's dialog for each one.
installLastResort();

const dev = developmentMode({ isPackaged: app.isPackaged, devBuild: DEV_BUILD, env: process.env });
const isOwnPage = ownPagePredicate(dev.rendererUrl);

/** One sentence on stderr and in a dialog, then exit status 2. */
function failStartup(err: unknown): void {
  const message = startupMessage(err);
  process.stderr.write(`porthole: ${message}\n`);
  // Before ready, Linux prints the error box to stderr instead of showing it.
  void app.whenReady().then(() => {
    try {
      dialog.showErrorBox('Porthole could not start', message);
    } finally {
      app.exit(STARTUP_EXIT_STATUS);
    }
  });
}

function readOptions(): CommonOptions | 'help' | 'failed' {
  try {
    const { common, help } = parseCommonArgs(ownArgs(process.argv.slice(1)));
    if (!help) return common;
    process.stdout.write('usage: porthole-app [--host H] [--port P] [--unix PATH] [--connect HOST:PORT] [--encoding E] [--data-dir D] [--allow ADDR]\n');
    return 'help';
  } catch (err) {
    failStartup(err);
    return 'failed';
  }
}

const options = readOptions();
if (options === 'failed') {
  // failStartup exits once the dialog has been seen.
} else if (options === 'help' || !app.requestSingleInstanceLock()) {
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
      development: dev.development,
      devRendererUrl: dev.rendererUrl,
      isOwnPage,
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
    hardenSession(session.defaultSession, isOwnPage);
    installMenu({
      isMac: process.platform === 'darwin',
      development: dev.development,
      helpLink: DOCUMENTATION_LINKS[0] ?? null,
      openExternal: openAllowedExternal,
    });
    try {
      service = await createService({ ...options, face: 'electron', runner: utilityRunner(CLI_MAIN), allowRun: true });
    } catch (err) {
      failStartup(err);
      return;
    }
    openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
  }).catch(failStartup);

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
