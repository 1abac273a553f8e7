/**
 * The Electron main process run under Node with a stand-in for the `electron`
 * module (the binary cannot run everywhere): the real core, the real window
 * setup, protocol handler, hardening and IPC, observed through the stand-in.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES } from '../../shared/contract.ts';

type FakeContents = EventEmitter & { mainFrame: { url: string }; openHandler?: unknown };
type FakeWindow = EventEmitter & { options: Record<string, unknown>; url?: string; webContents: FakeContents };

const h = vi.hoisted(() => ({
  windows: [] as FakeWindow[],
  protocolHandlers: new Map<string, (req: { url: string }) => Promise<Response>>(),
  schemes: [] as unknown[],
  ipcHandlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  opened: [] as string[],
  permissionRequest: undefined as undefined | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
  permissionCheck: undefined as undefined | (() => boolean),
  menu: undefined as unknown,
  app: undefined as unknown as EventEmitter & Record<string, unknown>,
  quits: 0,
  userData: '',
}));

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  const { readFile } = await import('node:fs/promises');
  const { fileURLToPath } = await import('node:url');
  let readyResolve: () => void;
  const ready = new Promise<void>((r) => (readyResolve = r));
  const app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    requestSingleInstanceLock: () => true,
    whenReady: () => ready,
    getPath: () => h.userData,
    quit: () => {
      h.quits++;
      const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
      app.emit('will-quit', event);
    },
    exit: () => {},
    fireReady: () => readyResolve(),
  });
  h.app = app as never;
  class BrowserWindow extends EventEmitter {
    static getAllWindows = () => h.windows;
    webContents: FakeContents;
    constructor(public options: Record<string, unknown>) {
      super();
      const mainFrame = { url: '' };
      const wc = Object.assign(new EventEmitter(), {
        mainFrame,
        sent: [] as unknown[],
        send: (ch: string, ...args: unknown[]) => (wc.sent as unknown[]).push([ch, ...args]),
        isDestroyed: () => false,
        setWindowOpenHandler: (fn: unknown) => (wc.openHandler = fn),
        openHandler: undefined as unknown,
      });
      this.webContents = wc as never;
      h.windows.push(this as never);
      app.emit('web-contents-created', {}, wc);
    }
    loadURL(url: string) {
      (this as unknown as { url: string }).url = url;
      (this.webContents.mainFrame as { url: string }).url = url;
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
    app,
    BrowserWindow,
    protocol: {
      registerSchemesAsPrivileged: (s: unknown) => h.schemes.push(s),
      handle: (scheme: string, fn: never) => h.protocolHandlers.set(scheme, fn),
    },
    net: {
      fetch: async (url: string) => new Response(await readFile(fileURLToPath(url)), { headers: { 'Content-Type': 'text/html' } }),
    },
    ipcMain: Object.assign(new EventEmitter(), {
      handle: (ch: string, fn: never) => h.ipcHandlers.set(ch, fn),
      removeHandler: (ch: string) => h.ipcHandlers.delete(ch),
    }),
    nativeTheme: Object.assign(new EventEmitter(), { shouldUseDarkColors: false, themeSource: 'light' }),
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: never) => (h.permissionRequest = fn),
        setPermissionCheckHandler: (fn: never) => (h.permissionCheck = fn),
      },
    },
    dialog: { showErrorBox: (_t: string, m: string) => { throw new Error(m); }, showSaveDialog: async () => ({ canceled: true }) },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => (h.menu = m) },
    shell: { openExternal: async (url: string) => h.opened.push(url) },
  };
});

const dir = mkdtempSync(join(tmpdir(), 'porthole-main-'));
const argv = process.argv;

beforeAll(async () => {
  h.userData = join(dir, 'user');
  mkdirSync(h.userData);
  // The main process reads its flags from argv, Chromium's switches among them.
  process.argv = ['electron', 'out/main/index.js', '--port', '0', '--data-dir', join(dir, 'data'), '--no-sandbox'];
  await import('./index.ts');
  (h.app as unknown as { fireReady(): void }).fireReady();
  await vi.waitFor(() => expect(h.windows).toHaveLength(1), { timeout: 10_000 });
});
afterAll(() => {
  process.argv = argv;
  rmSync(dir, { recursive: true, force: true });
});

describe('the Electron main process', () => {
  it('opens one locked-down window on app://porthole', () => {
    const [win] = h.windows;
    expect(win.url).toBe('app://porthole/index.html');
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false,
    });
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(h.schemes).toEqual([[{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]]);
    expect(h.menu).toBeTruthy();
  });

  it('serves the renderer over app:// with a CSP, and nothing outside it', async () => {
    const handler = h.protocolHandlers.get('app')!;
    const here = fileURLToPath(new URL('.', import.meta.url));
    // The handler serves <main>/../renderer; here that is electron/renderer, so give it a page.
    const rendererDir = join(here, '..', 'renderer');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<title>t</title>');
    try {
      const ok = await handler({ url: 'app://porthole/index.html' });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(await ok.text()).toBe('<title>t</title>');
      expect((await handler({ url: 'app://porthole/%2e%2e/main/index.ts' })).status).toBe(404);
      expect((await handler({ url: 'app://elsewhere/index.html' })).status).toBe(404);
      expect((await handler({ url: 'app://porthole/missing.js' })).status).toBe(404);
    } finally {
      rmSync(rendererDir, { recursive: true, force: true });
    }
  });

  it('denies navigation, new windows and permissions; http(s) links go to the OS browser', () => {
    const wc = h.windows[0].webContents;
    const nav = { prevented: false, preventDefault() { this.prevented = true; } };
    wc.emit('will-navigate', nav, 'https://example.com/');
    expect(nav.prevented).toBe(true);
    const open = wc.openHandler as (d: { url: string }) => { action: string };
    expect(open({ url: 'https://example.com/a' })).toEqual({ action: 'deny' });
    expect(open({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(open({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(h.opened).toEqual(['https://example.com/a']);
    let granted: boolean | undefined;
    h.permissionRequest!({}, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
    expect(h.permissionCheck!()).toBe(false);
  });

  it('answers every command from the window, through the real core, listening as the flags said', async () => {
    expect([...h.ipcHandlers.keys()].sort()).toEqual([...COMMAND_NAMES, 'session:export'].sort());
    const frame = h.windows[0].webContents.mainFrame;
    const info = await h.ipcHandlers.get('app:info')!({ senderFrame: frame }, null) as { result: { face: string; dataDir: string } };
    expect(info.result.face).toBe('electron');
    expect(info.result.dataDir).toBe(join(dir, 'data'));
    const listeners = await h.ipcHandlers.get('listener:list')!({ senderFrame: frame }, null) as { result: { state: string; port: number }[] };
    expect(listeners.result[0]).toMatchObject({ state: 'listening' });
    expect(listeners.result[0].port).toBeGreaterThan(0);
    expect(await h.ipcHandlers.get('app:info')!({ senderFrame: { url: frame.url } }, null)).toEqual({ error: expect.stringMatching(/refused/) });
  });

  it('remembers the window bounds when it closes, and closes the core on quit', async () => {
    h.windows[0].emit('close');
    const saved = JSON.parse(readFileSync(join(h.userData, 'window-state.json'), 'utf8'));
    expect(saved).toEqual({ bounds: { x: 10, y: 20, width: 900, height: 700 }, maximized: false });
    h.app.emit('window-all-closed');
    // The first quit is deferred until the core has closed, then the app quits again.
    await vi.waitFor(() => expect(h.quits).toBe(2));
  });
});
