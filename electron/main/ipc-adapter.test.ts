import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACK_CHANNEL, COMMAND_NAMES, EVENTS_CHANNEL, READY_CHANNEL, type CommandName } from '../../shared/contract.ts';
import { COMMAND_EXAMPLES } from '../../shared/testing/command-examples.ts';
import type { PortholeEvent } from '../../shared/types.ts';
import { createPreloadApi } from '../preload/api.ts';
import { createFakeService, type FakeService } from '../web/testing/fake-service.ts';
import { createIpcAdapter, type IpcAdapter } from './ipc-adapter.ts';
import { fakeElectronIpc } from './testing/fake-ipc.ts';

const notice = (message: string): PortholeEvent => ({ type: 'notice', level: 'info', message });
const rows = (id: number, count: number): PortholeEvent => ({ type: 'rows', id, count, changedFrom: count - 1, tail: [] });

let e: ReturnType<typeof fakeElectronIpc>;
let service: FakeService;
let adapter: IpcAdapter;
let refusals: string[];
let exports: [number, string][];

beforeEach(() => {
  vi.useFakeTimers();
  e = fakeElectronIpc();
  service = createFakeService();
  refusals = [];
  exports = [];
  adapter = createIpcAdapter({
    ipcMain: e.ipcMain,
    webContents: e.webContents,
    service,
    isOwnPage: (url) => url.startsWith('app://porthole/'),
    exportSession: async (id, format) => {
      exports.push([id, format]);
      return { saved: true, path: `/tmp/${id}.${format}` };
    },
    onRefused: (r) => refusals.push(r),
  });
});
afterEach(() => {
  adapter.dispose();
  vi.useRealTimers();
});

describe('commands', () => {
  it('registers one handler per command, plus export', () => {
    expect([...e.handlers.keys()].sort()).toEqual([...COMMAND_NAMES, 'session:export'].sort());
  });

  it('run from our page through the preload\'s invoke', async () => {
    const api = createPreloadApi(e.rendererIn(e.mainFrame));
    expect((await api.invoke('session:rows', { id: 1, from: 0, to: 2 })).rows.map((r) => r.text)).toEqual(['one', 'two']);
    expect(await api.invoke('session:send', { id: 1, text: 'héllo', ending: 'lf' })).toEqual({ queuedBytes: 6 });
    expect(service.calls.map((c) => c.cmd)).toEqual(['session:rows', 'session:send']);
    await expect(api.invoke('session:eof', { id: 9 })).rejects.toThrow('no session 9');
  });

  it('reach the core for every command of the table, on its own channel, with its arguments', async () => {
    const api = createPreloadApi(e.rendererIn(e.mainFrame));
    for (const cmd of COMMAND_NAMES) {
      for (const args of COMMAND_EXAMPLES[cmd]) {
        // The fake core runs a few commands and refuses the rest: either way they arrived.
        await api.invoke(cmd, args as never).catch((err: Error) => expect(err.message).toBe(`${cmd} is not supported here`));
        expect(e.invoked.at(-1)).toBe(cmd);
        expect(service.calls.at(-1)).toEqual({ cmd, args });
      }
    }
    expect(service.calls).toHaveLength(Object.values(COMMAND_EXAMPLES).flat().length);
  });

  it('are the only channels the page can reach through invoke', async () => {
    const api = createPreloadApi(e.rendererIn(e.mainFrame));
    for (const name of ['session:export', 'porthole:ready', 'porthole:events', '__proto__', 'constructor', 'fs:read', '']) {
      await expect(api.invoke(name as CommandName, null as never), name).rejects.toThrow(/unknown command/);
    }
    expect(e.invoked).toEqual([]);
    expect(exports).toEqual([]);
  });

  it('refuse malformed arguments before they reach the core', async () => {
    const ipc = e.rendererIn(e.mainFrame);
    expect(await ipc.invoke('session:rows', { id: -1, from: 0, to: 1 })).toEqual({ error: expect.stringMatching(/'id'/) });
    expect(await ipc.invoke('session:send', { id: 1, text: 'x', ending: 'lf', path: '/etc/passwd' })).toEqual({ error: expect.stringMatching(/unexpected field/) });
    expect(await ipc.invoke('session:list', { evil: true })).toEqual({ error: expect.stringMatching(/no arguments/) });
    expect(service.calls).toEqual([]);
  });

  it('refuse a message with more than its one argument, on every channel', async () => {
    for (const cmd of [...COMMAND_NAMES, 'session:export']) {
      const h = e.handlers.get(cmd)!;
      expect(await h({ senderFrame: e.mainFrame }, null, { smuggled: true }), cmd).toEqual({ error: expect.stringMatching(/takes one argument/) });
    }
    expect(service.calls).toEqual([]);
    expect(exports).toEqual([]);
  });

  it('refuse a sub-frame even when it shows our page', async () => {
    const api = createPreloadApi(e.rendererIn({ url: 'app://porthole/index.html' }));
    await expect(api.invoke('session:list', null)).rejects.toThrow(/refused/);
    expect(service.calls).toEqual([]);
    expect(refusals).toEqual(['not from the main frame of the Porthole window']);
  });

  it('recognise the main frame by its ids, and refuse a sub-frame of the same process', async () => {
    Object.assign(e.mainFrame, { processId: 4, routingId: 1 });
    await expect(createPreloadApi(e.rendererIn({ url: e.mainFrame.url, processId: 4, routingId: 1 })).invoke('app:info', null)).resolves.toMatchObject({ face: 'browser' });
    await expect(createPreloadApi(e.rendererIn({ url: e.mainFrame.url, processId: 4, routingId: 2 })).invoke('app:info', null)).rejects.toThrow(/refused/);
  });

  it('refuse the main frame once it shows another page', async () => {
    e.mainFrame.url = 'https://example.com/';
    await expect(createPreloadApi(e.rendererIn(e.mainFrame)).invoke('session:list', null)).rejects.toThrow(/refused/);
    expect(refusals[0]).toMatch(/not Porthole's \(https:\/\/example.com\/\)/);
  });

  it('refuse everything once the window is gone', async () => {
    e.destroy();
    await expect(createPreloadApi(e.rendererIn(e.mainFrame)).invoke('app:info', null)).rejects.toThrow(/refused/);
  });
});

describe('export', () => {
  it('goes to the save-dialog path with checked arguments', async () => {
    const api = createPreloadApi(e.rendererIn(e.mainFrame));
    expect(await api.exportSession(3, 'jsonl')).toEqual({ saved: true, path: '/tmp/3.jsonl' });
    await expect(api.exportSession(3, 'pdf' as 'text')).rejects.toThrow(/format/);
    await expect(api.exportSession(-3, 'text')).rejects.toThrow(/session:export: 'id'/);
    expect(exports).toEqual([[3, 'jsonl']]);
  });
});

describe('events', () => {
  it('wait until the page is ready, then arrive as one batch', async () => {
    const api = createPreloadApi(e.rendererIn(e.mainFrame));
    const got: PortholeEvent[][] = [];
    api.onEvents((ev) => got.push(ev));
    service.emit([notice('a'), rows(1, 5)]);
    service.emit([rows(1, 6)]);
    await vi.advanceTimersByTimeAsync(100);
    expect(got).toEqual([]);

    api.ready();
    await vi.advanceTimersByTimeAsync(0);
    expect(got).toEqual([[notice('a'), { ...rows(1, 6), changedFrom: 4 }]]);
  });

  it('go out as the core batches them while the page acknowledges; unacknowledged, they coalesce to the latest state', async () => {
    const api = createPreloadApi(e.rendererIn(e.mainFrame));
    api.onEvents(() => {});
    api.ready();
    const start = e.sends.length;
    for (let i = 0; i < 100; i++) {
      service.emit([rows(1, i + 1)]);
      await vi.advanceTimersByTimeAsync(1);
    }
    // Two batches in flight, nothing acknowledged: the other 98 wait as one.
    const sent = () => e.sends.slice(start);
    expect(sent().map((s) => s.channel)).toEqual([EVENTS_CHANNEL, EVENTS_CHANNEL]);
    api.ack();
    expect(sent()).toHaveLength(3);
    expect((sent()[2].args[0] as PortholeEvent[]).at(-1)).toMatchObject({ type: 'rows', count: 100 });
    // A page that keeps up gets every batch at once.
    api.ack();
    api.ack();
    service.emit([rows(1, 101)]);
    expect(sent()).toHaveLength(4);
  });

  it('refuse an acknowledgement from a foreign frame or carrying anything', () => {
    const refusals: string[] = [];
    adapter.dispose();
    adapter = createIpcAdapter({ ipcMain: e.ipcMain, webContents: e.webContents, service, isOwnPage: (url) => url.startsWith('app://porthole/'), exportSession: async () => ({ saved: false }), onRefused: (r) => refusals.push(r) });
    const api = createPreloadApi(e.rendererIn(e.mainFrame));
    api.onEvents(() => {});
    api.ready();
    service.emit([rows(1, 1)]);
    service.emit([rows(1, 2)]);
    service.emit([rows(1, 3)]);
    const before = e.sends.length;
    createPreloadApi(e.rendererIn({ url: 'app://porthole/index.html' })).ack();
    e.rendererIn(e.mainFrame).send(ACK_CHANNEL, 1);
    expect(e.sends.length).toBe(before);
    expect(refusals).toEqual(['not from the main frame of the Porthole window', `${ACK_CHANNEL} carries nothing`]);
  });

  it('ignore a ready signal from a foreign frame, and hold again while the page reloads', async () => {
    const got: PortholeEvent[][] = [];
    createPreloadApi(e.rendererIn({ url: 'app://porthole/index.html' })).ready();
    const api = createPreloadApi(e.rendererIn(e.mainFrame));
    const off = api.onEvents((ev) => got.push(ev));
    service.emit([notice('x')]);
    await vi.advanceTimersByTimeAsync(50);
    expect(got).toEqual([]);

    api.ready();
    await vi.advanceTimersByTimeAsync(20);
    expect(got).toEqual([[notice('x')]]);

    adapter.pageReset();
    service.emit([notice('y')]);
    await vi.advanceTimersByTimeAsync(50);
    expect(got).toHaveLength(1);
    api.ready();
    await vi.advanceTimersByTimeAsync(20);
    expect(got.at(-1)).toEqual([notice('y')]);

    off();
    service.emit([notice('z')]);
    await vi.advanceTimersByTimeAsync(20);
    expect(got).toHaveLength(2);
  });

  it('ignore a ready signal that carries anything', async () => {
    const got: PortholeEvent[][] = [];
    createPreloadApi(e.rendererIn(e.mainFrame)).onEvents((ev) => got.push(ev));
    e.rendererIn(e.mainFrame).send(READY_CHANNEL, { evil: true });
    service.emit([notice('x')]);
    await vi.advanceTimersByTimeAsync(50);
    expect(got).toEqual([]);
    expect(refusals).toEqual([`${READY_CHANNEL} carries nothing`]);
  });

  it('stop and every handler goes on dispose', () => {
    adapter.dispose();
    expect(e.handlers.size).toBe(0);
    expect(service.listenerCount()).toBe(0);
    expect([...e.listeners.values()].every((s) => s.size === 0)).toBe(true);
  });
});
