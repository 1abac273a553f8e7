import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../../shared/contract.ts';
import type { PortholePreloadApi } from '../../../shared/preload-api.ts';
import type { PortholeEvent } from '../../../shared/types.ts';
import { createElectronBridge } from './electron-bridge.ts';

/** A preload API that records which function was called with what. */
function recordingApi() {
  const calls: [string, unknown[]][] = [];
  const listeners = new Set<(e: PortholeEvent[]) => void>();
  const api = new Proxy({} as PortholePreloadApi, {
    get(_t, name: string) {
      if (name === 'onEvents') return (l: (e: PortholeEvent[]) => void) => {
        calls.push(['onEvents', []]);
        listeners.add(l);
        return () => listeners.delete(l);
      };
      return (...args: unknown[]) => {
        calls.push([name, args]);
        return name === 'ready' ? undefined : Promise.resolve({ from: name });
      };
    },
  });
  return { api, calls, listeners };
}

describe('the Electron bridge', () => {
  it.each([
    ['session:rows', { id: 3, from: 10, to: 20 }, 'rows', [3, 10, 20]],
    ['session:send', { id: 3, text: 'hi', ending: 'crlf' }, 'send', [3, 'hi', 'crlf']],
    ['search:seek', { searchId: 2, row: 5, dir: -1 }, 'searchSeek', [2, 5, -1]],
    ['listener:add', { path: '/tmp/s' }, 'addListener', [{ path: '/tmp/s' }]],
    ['app:info', null, 'appInfo', []],
  ] as const)('maps %s onto its preload function', async (cmd, args, fn, expected) => {
    const { api, calls } = recordingApi();
    const bridge = createElectronBridge(api);
    await expect(bridge.invoke(cmd, args as never)).resolves.toEqual({ from: fn });
    expect(calls).toEqual([[fn, expected]]);
  });

  it('covers every command with a distinct preload function', async () => {
    const { api, calls } = recordingApi();
    const bridge = createElectronBridge(api);
    for (const cmd of COMMAND_NAMES) await bridge.invoke(cmd, { id: 1, from: 0, to: 1, key: 'k', searchId: 1, row: 0, dir: 1 } as never);
    expect(new Set(calls.map(([fn]) => fn)).size).toBe(COMMAND_NAMES.length);
  });

  it('rejects a command it does not know', async () => {
    const bridge = createElectronBridge(recordingApi().api);
    await expect(bridge.invoke('fs:read' as never, null as never)).rejects.toThrow(/unknown command/);
  });

  it('says it is ready once, after the first subscriber is listening', () => {
    const { api, calls, listeners } = recordingApi();
    const bridge = createElectronBridge(api);
    expect(calls).toEqual([]);
    const off = bridge.subscribe(() => {});
    bridge.subscribe(() => {});
    expect(calls.map(([fn]) => fn)).toEqual(['onEvents', 'ready', 'onEvents']);
    off();
    expect(listeners.size).toBe(1);
  });

  it('exports through the preload (the save dialog)', async () => {
    const { api, calls } = recordingApi();
    await createElectronBridge(api).exportSession(2, 'text');
    expect(calls).toEqual([['exportSession', [2, 'text']]]);
  });
});
