/**
 * The Electron main process run under Node with a stand-in for the `electron`
 * module (the binary cannot run everywhere): the real core, the real window
 * setup, protocol handler, hardening and IPC, observed through the stand-in.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES } from '../../shared/contract.ts';
import { menuItems, type FakeWindow, type StandInState } from './testing/electron-stand-in.ts';
import { quitMainProcess, startMainProcess } from './testing/start-main.ts';

const dir = mkdtempSync(join(tmpdir(), 'porthole-main-'));
const DEV_URL = 'http://localhost:5173/';
let runs = 0;

/** One run of the main process with its own data and user folders. */
async function start(env: Record<string, string | undefined>, isPackaged: boolean) {
  const run = join(dir, String(++runs));
  mkdirSync(join(run, 'user'), { recursive: true });
  // Chromium's own switches come along in argv and are ignored.
  const s = await startMainProcess({
    args: ['--port', '0', '--data-dir', join(run, 'data'), '--no-sandbox'],
    env: { PORTHOLE_DEV: undefined, ELECTRON_RENDERER_URL: undefined, ...env },
    isPackaged,
    userData: join(run, 'user'),
  });
  await vi.waitFor(() => expect(s.windows).toHaveLength(1), { timeout: 10_000 });
  return { s, win: s.windows[0], dataDir: join(run, 'data'), userData: join(run, 'user') };
}

const invoke = (s: StandInState, cmd: string, frame: unknown, args: unknown = null) =>
  s.ipcHandlers.get(cmd)!({ senderFrame: frame }, args) as Promise<{ result?: unknown; error?: string }>;

const requestPermission = (s: StandInState, permission: string, requestingUrl: string, isMainFrame = true) => {
  let granted: boolean | undefined;
  s.permissionRequest!({}, permission, (ok) => (granted = ok), { requestingUrl, isMainFrame });
  return granted;
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the Electron main process, not a development run (unpackaged, a dev server URL in the environment)', () => {
  let s: StandInState;
  let win: FakeWindow;
  let dataDir: string;
  let userData: string;
  let lastResorts: number;
  beforeAll(async () => {
    const before = process.listenerCount('uncaughtException');
    ({ s, win, dataDir, userData } = await start({ ELECTRON_RENDERER_URL: DEV_URL }, false));
    lastResorts = process.listenerCount('uncaughtException') - before;
  });

  it('logs an error nothing caught and goes on, rather than show a dialog for each', () => {
    expect(lastResorts).toBe(1);
  });

  it('sandboxes every renderer before the app is ready', () => {
    expect(s.log.indexOf('enableSandbox')).toBeGreaterThanOrEqual(0);
    expect(s.log.indexOf('enableSandbox')).toBeLessThan(s.log.indexOf('ready'));
  });

  it('opens one locked-down window on app://porthole, ignoring the dev server, without DevTools', () => {
    expect(win.url).toBe('app://porthole/index.html');
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, devTools: false,
    });
    expect(String(win.options.webPreferences.preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(s.schemes).toEqual([[{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]]);
    expect(menuItems(s.menuTemplate)).toEqual(expect.arrayContaining(['reload', 'editMenu', 'togglefullscreen']));
    expect(menuItems(s.menuTemplate)).not.toContain('toggleDevTools');
  });

  it('serves the renderer over app:// with a CSP, and nothing outside it', async () => {
    const handler = s.protocolHandlers.get('app')!;
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

  it('denies navigation and new windows, and opens nothing outside the documentation allow-list', () => {
    const wc = win.webContents;
    const nav = (url: string, isMainFrame = true) => {
      const event = { url, isMainFrame, prevented: false, preventDefault() { this.prevented = true; } };
      wc.emit('will-frame-navigate', event);
      return event.prevented;
    };
    expect(nav('https://example.com/')).toBe(true);
    expect(nav('app://porthole/index.html', false)).toBe(true);
    const willNavigate = { url: 'https://example.com/', prevented: false, preventDefault() { this.prevented = true; } };
    wc.emit('will-navigate', willNavigate);
    expect(willNavigate.prevented).toBe(true);
    for (const url of ['https://example.com/a', 'file:///etc/passwd', 'javascript:alert(1)', 'app://porthole/index.html']) {
      expect(wc.openHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(s.opened).toEqual([]);
  });

  it('allows notifications for its own page only, and refuses every other permission', () => {
    expect(requestPermission(s, 'notifications', 'app://porthole/index.html')).toBe(true);
    expect(requestPermission(s, 'notifications', 'app://porthole/index.html', false)).toBe(false);
    expect(requestPermission(s, 'notifications', 'https://example.com/')).toBe(false);
    expect(requestPermission(s, 'notifications', DEV_URL)).toBe(false);
    for (const p of ['media', 'clipboard-read', 'geolocation', 'openExternal', 'fullscreen']) {
      expect(requestPermission(s, p, 'app://porthole/index.html')).toBe(false);
    }
    expect(s.permissionCheck!({}, 'notifications', 'app://porthole', { requestingUrl: 'app://porthole/index.html', isMainFrame: true })).toBe(true);
    expect(s.permissionCheck!({}, 'notifications', 'http://localhost:5173', { isMainFrame: true })).toBe(false);
    expect(s.permissionCheck!({}, 'media', 'app://porthole', { isMainFrame: true })).toBe(false);
  });

  it('answers every command from the window, through the real core, listening as the flags said', async () => {
    expect([...s.ipcHandlers.keys()].sort()).toEqual([...COMMAND_NAMES, 'session:export'].sort());
    const frame = win.webContents.mainFrame;
    const info = await invoke(s, 'app:info', frame) as { result: { face: string; dataDir: string } };
    expect(info.result.face).toBe('electron');
    expect(info.result.dataDir).toBe(dataDir);
    const listeners = await invoke(s, 'listener:list', frame) as { result: { state: string; port: number }[] };
    expect(listeners.result[0]).toMatchObject({ state: 'listening' });
    expect(listeners.result[0].port).toBeGreaterThan(0);
  });

  it('refuses IPC from a sub-frame, and from the dev server origin', async () => {
    const frame = win.webContents.mainFrame;
    expect(await invoke(s, 'app:info', { url: frame.url })).toEqual({ error: expect.stringMatching(/refused/) });
    frame.url = `${DEV_URL}index.html`;
    try {
      expect(await invoke(s, 'app:info', frame)).toEqual({ error: expect.stringMatching(/refused/) });
    } finally {
      frame.url = 'app://porthole/index.html';
    }
  });

  it('remembers the window bounds when it closes, and closes the core on quit', async () => {
    win.emit('close');
    const saved = JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8'));
    expect(saved).toEqual({ bounds: { x: 10, y: 20, width: 900, height: 700 }, maximized: false });
    await quitMainProcess(s);
  });
});

describe('a development run (PORTHOLE_DEV=1, unpackaged)', () => {
  let s: StandInState;
  let win: FakeWindow;
  beforeAll(async () => {
    ({ s, win } = await start({ PORTHOLE_DEV: '1', ELECTRON_RENDERER_URL: 'http://localhost:5173' }, false));
  });
  afterAll(() => quitMainProcess(s));

  it('loads the dev server page, with DevTools in the window and the menu', () => {
    expect(win.url).toBe(DEV_URL);
    expect(win.options.webPreferences).toMatchObject({ devTools: true, sandbox: true, contextIsolation: true });
    expect(menuItems(s.menuTemplate)).toContain('toggleDevTools');
  });

  it('accepts IPC and notifications from the dev server page, and still refuses other pages', async () => {
    const frame = win.webContents.mainFrame;
    expect(await invoke(s, 'app:info', frame)).toMatchObject({ result: { face: 'electron' } });
    expect(requestPermission(s, 'notifications', DEV_URL)).toBe(true);
    frame.url = 'http://localhost:5174/';
    expect(await invoke(s, 'app:info', frame)).toEqual({ error: expect.stringMatching(/refused/) });
  });
});

describe('a packaged app', () => {
  let s: StandInState;
  let win: FakeWindow;
  beforeAll(async () => {
    ({ s, win } = await start({ PORTHOLE_DEV: '1', ELECTRON_RENDERER_URL: DEV_URL }, true));
  });
  afterAll(() => quitMainProcess(s));

  it('is never a development run, whatever the environment says', () => {
    expect(win.url).toBe('app://porthole/index.html');
    expect(win.options.webPreferences).toMatchObject({ devTools: false });
    expect(menuItems(s.menuTemplate)).not.toContain('toggleDevTools');
  });
});
