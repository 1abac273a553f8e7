/**
 * The Electron window itself, where an Electron binary exists (and a display).
 * Elsewhere the suite is skipped and says so on stdout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { appEnv, displayProblem, findElectronBinary } from '../scripts/electron-binary.js';
import { ROOT } from './fixtures/serve.ts';

const found = findElectronBinary();
const problem = found.path === null ? 'no Electron binary' : displayProblem() ? 'no display for Electron' : null;

test.describe('the Electron window', () => {
  if (problem) console.log(`skipped: ${problem}`);
  test.skip(problem !== null, problem === 'no Electron binary' && found.path === null ? `${problem}: ${found.reason}` : problem ?? '');

  let app: ElectronApplication;
  let dataDir: string;

  test.beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'porthole-electron-'));
    app = await electron.launch({
      executablePath: found.path!,
      args: [join(ROOT, 'out', 'main', 'index.js'), '--port', '0', '--data-dir', dataDir, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      cwd: ROOT,
      // As `npm start` runs it: a production run, whatever this shell has set.
      env: appEnv() as Record<string, string>,
    });
  });
  test.afterEach(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('shows the interface on app:// with the preload invoke and no Node', async () => {
    const win = await app.firstWindow();
    expect(win.url()).toBe('app://porthole/index.html');
    expect(await win.evaluate(() => typeof (window as { require?: unknown }).require)).toBe('undefined');
    expect(await win.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    const info = await win.evaluate(() => window.porthole!.invoke('app:info', null));
    expect(info.face).toBe('electron');
    const listeners = await win.evaluate(() => window.porthole!.invoke('listener:list', null));
    expect(listeners[0].state).toBe('listening');
    await expect(win.getByText(listeners[0].addresses[0]).first()).toBeVisible();
  });

  test('is locked down: isolation, sandbox, no navigation, no new windows', async () => {
    const win = await app.firstWindow();
    // getLastWebPreferences is undocumented (Electron's own tests use it) but reports what the window really got.
    const prefs = await app.evaluate(({ BrowserWindow }) =>
      (BrowserWindow.getAllWindows()[0].webContents as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences());
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    await win.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await win.waitForTimeout(500);
    expect(win.url()).toBe('app://porthole/index.html');
    expect(await win.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
    expect(app.windows()).toHaveLength(1);
    const refused = await win.evaluate(() => window.porthole!.invoke('session:rows', { id: -1, from: 0, to: 1 }).then(() => 'ran', (e: Error) => e.message));
    expect(refused).toMatch(/'id'/);
  });

  test('starts a program itself (Run… through the utility process), on a pty where there is one', async () => {
    const win = await app.firstWindow();
    const info = await win.evaluate(() => window.porthole!.invoke('app:info', null));
    expect(info.run.allowed).toBe(true);
    const pty = info.run.pty === true;
    const s = await win.evaluate((p) => window.porthole!.invoke('run:start', { command: 'python3 -i', pty: p }), pty);
    expect(s).toMatchObject({ runAgain: 'ready', state: 'live' });
    if (pty) await expect(win.getByText('>>>').first()).toBeVisible({ timeout: 15_000 });
    await win.evaluate((id) => window.porthole!.invoke('session:send', { id, text: 'print(6*7)', ending: 'lf' }), s.id);
    await expect(win.getByText('42', { exact: true }).first()).toBeVisible({ timeout: 15_000 });
    const again = await win.evaluate((id) => window.porthole!.invoke('run:again', { id }), s.id);
    expect(again.id).not.toBe(s.id);
  });

  test('has no DevTools in production, in the window or the menu', async () => {
    await app.firstWindow();
    const { devTools, roles } = await app.evaluate(({ BrowserWindow, Menu }) => {
      const contents = BrowserWindow.getAllWindows()[0].webContents as unknown as { getLastWebPreferences(): { devTools?: boolean } };
      const walk = (items: Electron.MenuItem[]): string[] =>
        items.flatMap((i) => [String(i.role ?? ''), ...walk(i.submenu?.items ?? [])]);
      return { devTools: contents.getLastWebPreferences().devTools, roles: walk(Menu.getApplicationMenu()?.items ?? []) };
    });
    expect(devTools).toBe(false);
    expect(roles.map((r) => r.toLowerCase())).not.toContain('toggledevtools');
    expect(roles.map((r) => r.toLowerCase())).toContain('reload');
  });
});
