/**
 * A stand-in for the `electron` module, for running the real main process under
 * plain Node (the Electron binary cannot run everywhere): start-main.ts mocks
 * 'electron' with a fresh one per run, and what it recorded is `standInOf(it)`.
 */
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

type Handler = (...args: never[]) => unknown;

export interface FakeContents extends EventEmitter {
  mainFrame: { url: string };
  sent: unknown[][];
  openHandler?: (details: { url: string }) => { action: string };
}

export interface FakeWindow extends EventEmitter {
  options: { webPreferences: Record<string, unknown> } & Record<string, unknown>;
  url?: string;
  webContents: FakeContents;
}

export interface StandInState {
  /** What happened, in order: 'enableSandbox', 'ready', 'exit 2', … */
  log: string[];
  windows: FakeWindow[];
  protocolHandlers: Map<string, (req: { url: string }) => Promise<Response>>;
  schemes: unknown[];
  ipcHandlers: Map<string, (event: unknown, ...args: unknown[]) => unknown>;
  opened: string[];
  permissionRequest?: (wc: unknown, permission: string, cb: (ok: boolean) => void, details: { requestingUrl: string; isMainFrame: boolean }) => void;
  permissionCheck?: (wc: unknown, permission: string, origin: string, details: { requestingUrl?: string; isMainFrame: boolean; embeddingOrigin?: string }) => boolean;
  menuTemplate?: MenuItem[];
  errorBoxes: [string, string][];
  quits: number;
  exits: number[];
  userData: string;
  app: EventEmitter & { isPackaged: boolean; fireReady(): void };
}

export interface MenuItem {
  role?: string;
  label?: string;
  submenu?: MenuItem[];
  click?: () => void;
}

/** Exported alongside the module's own names (a module's exports are string-keyed). */
const STATE = '__standIn';

export function standInOf(electron: unknown): StandInState {
  return (electron as { [STATE]: StandInState })[STATE];
}

/** Every role and label in a menu template, depth first. */
export function menuItems(template: readonly { role?: string; label?: string; submenu?: unknown }[] | undefined): string[] {
  return (template ?? []).flatMap((item) => [
    item.role ?? item.label ?? '',
    ...menuItems(Array.isArray(item.submenu) ? item.submenu : undefined),
  ]);
}

export function createElectronStandIn() {
  const state: StandInState = {
    log: [], windows: [], protocolHandlers: new Map(), schemes: [], ipcHandlers: new Map(), opened: [],
    errorBoxes: [], quits: 0, exits: [], userData: '', app: undefined as never,
  };
  let readyResolve: () => void = () => {};
  const ready = new Promise<void>((r) => (readyResolve = r));

  const app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    enableSandbox: () => state.log.push('enableSandbox'),
    requestSingleInstanceLock: () => {
      state.log.push('requestSingleInstanceLock');
      return true;
    },
    whenReady: () => ready,
    getPath: () => state.userData,
    quit: () => {
      state.quits++;
      const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
      app.emit('will-quit', event);
    },
    exit: (code = 0) => {
      state.log.push(`exit ${code}`);
      state.exits.push(code);
    },
    fireReady: () => {
      state.log.push('ready');
      readyResolve();
    },
  });
  state.app = app;

  class BrowserWindow extends EventEmitter {
    static getAllWindows = () => state.windows;
    webContents: FakeContents;
    url?: string;
    constructor(public options: FakeWindow['options']) {
      super();
      const wc: FakeContents = Object.assign(new EventEmitter(), {
        mainFrame: { url: '' },
        sent: [] as unknown[][],
        send: (ch: string, ...args: unknown[]) => wc.sent.push([ch, ...args]),
        isDestroyed: () => false,
        setWindowOpenHandler: (fn: FakeContents['openHandler']) => (wc.openHandler = fn),
      });
      this.webContents = wc;
      state.windows.push(this as unknown as FakeWindow);
      app.emit('web-contents-created', {}, wc);
    }
    loadURL(url: string) {
      this.url = url;
      this.webContents.mainFrame.url = url;
      return Promise.resolve();
    }
    isDestroyed = () => false;
    isMaximized = () => false;
    isMinimized = () => false;
    maximize() {}
    show() {}
    focus() {}
    restore() {}
    setBackgroundColor() {}
    getNormalBounds = () => ({ x: 10, y: 20, width: 900, height: 700 });
  }

  return {
    [STATE]: state,
    app,
    BrowserWindow,
    protocol: {
      registerSchemesAsPrivileged: (s: unknown) => state.schemes.push(s),
      handle: (scheme: string, fn: Handler) => state.protocolHandlers.set(scheme, fn as never),
    },
    net: {
      fetch: async (url: string) => new Response(await readFile(fileURLToPath(url)), { headers: { 'Content-Type': 'text/html' } }),
    },
    ipcMain: Object.assign(new EventEmitter(), {
      handle: (ch: string, fn: Handler) => state.ipcHandlers.set(ch, fn as never),
      removeHandler: (ch: string) => state.ipcHandlers.delete(ch),
    }),
    nativeTheme: Object.assign(new EventEmitter(), { shouldUseDarkColors: false, themeSource: 'light' }),
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: StandInState['permissionRequest']) => (state.permissionRequest = fn),
        setPermissionCheckHandler: (fn: StandInState['permissionCheck']) => (state.permissionCheck = fn),
      },
    },
    dialog: {
      showErrorBox: (title: string, message: string) => {
        state.log.push('errorBox');
        state.errorBoxes.push([title, message]);
      },
      showSaveDialog: async () => ({ canceled: true }),
    },
    Menu: {
      buildFromTemplate: (t: MenuItem[]) => t,
      setApplicationMenu: (m: MenuItem[]) => (state.menuTemplate = m),
    },
    shell: {
      openExternal: async (url: string) => {
        state.opened.push(url);
      },
    },
  };
}
