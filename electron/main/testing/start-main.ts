/**
 * Runs the real main process (electron/main/index.ts) against a fresh stand-in for
 * the `electron` module, freshly imported each time (its state lives in the module).
 */
import { vi } from 'vitest';
import { createElectronStandIn, standInOf, type StandInState } from './electron-stand-in.ts';

export interface StartOptions {
  /** Porthole's flags, after Electron's own argv[0..1]. */
  args: string[];
  /** Set for the import only (the main process reads its environment as it starts). */
  env?: Record<string, string | undefined>;
  isPackaged?: boolean;
  userData: string;
  /** Fire the app's ready event once loaded (default true). */
  ready?: boolean;
}

export async function startMainProcess({ args, env = {}, isPackaged = true, userData, ready = true }: StartOptions): Promise<StandInState> {
  vi.resetModules();
  const electron = createElectronStandIn();
  vi.doMock('electron', () => electron);
  const s = standInOf(electron);
  s.userData = userData;
  s.app.isPackaged = isPackaged;
  const savedArgv = process.argv;
  const savedEnv = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  process.argv = ['electron', 'out/main/index.js', ...args];
  for (const [k, v] of Object.entries(env)) setEnv(k, v);
  try {
    await import('../index.ts');
  } finally {
    process.argv = savedArgv;
    for (const [k, v] of Object.entries(savedEnv)) setEnv(k, v);
  }
  if (ready) s.app.fireReady();
  return s;
}

function setEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** Quits the app the way the last window closing does, and waits for the core to close. */
export async function quitMainProcess(s: StandInState): Promise<void> {
  const before = s.quits;
  s.app.emit('window-all-closed');
  // The first quit waits for the core to close, then the app quits again.
  await vi.waitFor(() => {
    if (s.quits < before + 2) throw new Error('the core has not closed');
  }, { timeout: 10_000 });
}
