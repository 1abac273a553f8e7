/**
 * The Electron bridge end to end short of Electron itself: bridge → preload (built
 * from the command table) → IPC copies → the main process's adapter (sender and
 * shape checks) → the core.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIpcAdapter, type IpcAdapter } from '../../../electron/main/ipc-adapter.ts';
import { fakeElectronIpc } from '../../../electron/main/testing/fake-ipc.ts';
import { createPreloadApi } from '../../../electron/preload/api.ts';
import { createFakeService, type FakeService } from '../../../electron/web/testing/fake-service.ts';
import { ACK_CHANNEL, COMMAND_NAMES, READY_CHANNEL, type CommandName } from '../../../shared/contract.ts';
import { COMMAND_EXAMPLES } from '../../../shared/testing/command-examples.ts';
import type { PortholeEvent } from '../../../shared/types.ts';
import { createElectronBridge } from './electron-bridge.ts';
import { SEND_PIECE_CHARS } from './send-pieces.ts';
import type { AppBridge } from './types.ts';

let e: ReturnType<typeof fakeElectronIpc>;
let service: FakeService;
let adapter: IpcAdapter;
let exports: [number, string][];
let bridge: AppBridge;
let pageSends: string[];

beforeEach(() => {
  e = fakeElectronIpc();
  service = createFakeService();
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
    onRefused: () => {},
  });
  const ipc = e.rendererIn(e.mainFrame);
  pageSends = [];
  const send = ipc.send.bind(ipc);
  ipc.send = (channel, ...args) => {
    pageSends.push(channel);
    send(channel, ...args);
  };
  bridge = createElectronBridge(createPreloadApi(ipc));
});
afterEach(() => adapter.dispose());

describe('the Electron bridge', () => {
  it('carries every command of the table to the core with its arguments', async () => {
    for (const cmd of COMMAND_NAMES) {
      for (const args of COMMAND_EXAMPLES[cmd]) {
        // The fake core runs a few commands and refuses the rest: either way they arrived.
        await bridge.invoke(cmd, args as never).catch((err: Error) => expect(err.message).toBe(`${cmd} is not supported here`));
        expect(service.calls.at(-1)).toEqual({ cmd, args });
      }
    }
  });

  it('returns the core\'s results and errors', async () => {
    expect((await bridge.invoke('session:rows', { id: 1, from: 1, to: 3 })).rows.map((r) => r.text)).toEqual(['two', 'three']);
    await expect(bridge.invoke('session:eof', { id: 9 })).rejects.toThrow('no session 9');
    await expect(bridge.invoke('session:rows', { id: 1, from: -1, to: 3 })).rejects.toThrow(/'from' must be a non-negative integer/);
  });

  it('sends a large paste in pieces, in order, the line ending after the last', async () => {
    const text = 'a'.repeat(SEND_PIECE_CHARS) + 'b'.repeat(SEND_PIECE_CHARS) + 'tail';
    await bridge.invoke('session:send', { id: 1, text, ending: 'crlf' });
    const sends = service.calls.filter((c) => c.cmd === 'session:send').map((c) => c.args as { text: string; ending: string });
    expect(sends.map((s) => [s.text.length, s.ending])).toEqual([[SEND_PIECE_CHARS, 'none'], [SEND_PIECE_CHARS, 'none'], [4, 'crlf']]);
    expect(sends.map((s) => s.text).join('')).toBe(text);
  });

  it('rejects a command it does not know without reaching IPC', async () => {
    for (const name of ['fs:read', 'session:export', '__proto__']) {
      await expect(bridge.invoke(name as CommandName, null as never)).rejects.toThrow(/unknown command/);
    }
    expect(e.invoked).toEqual([]);
  });

  it('says it is ready once, after the first subscriber is listening, and delivers events until unsubscribed', async () => {
    const got: PortholeEvent[][] = [];
    service.emit([{ type: 'notice', level: 'info', message: 'early' }]);
    const off = bridge.subscribe((ev) => got.push(ev));
    const other = vi.fn();
    bridge.subscribe(other);
    await vi.waitFor(() => expect(got).toEqual([[{ type: 'notice', level: 'info', message: 'early' }]]));
    expect(pageSends.filter((c) => c !== ACK_CHANNEL)).toEqual([READY_CHANNEL]);
    // Each batch is acknowledged once, after it is drawn, however many listeners it has.
    await vi.waitFor(() => expect(pageSends.filter((c) => c === ACK_CHANNEL)).toHaveLength(1));
    expect(other).toHaveBeenCalledTimes(1);
    off();
    service.emit([{ type: 'notice', level: 'info', message: 'late' }]);
    await vi.waitFor(() => expect(other).toHaveBeenCalledTimes(2));
    expect(got).toHaveLength(1);
  });

  it('acknowledges a batch when the interface says it is drawn, once it has said when that is', async () => {
    // An acknowledgement the test before may still have on its way.
    await new Promise((r) => setTimeout(r, 20));
    pageSends.length = 0;
    const held: (() => void)[] = [];
    bridge.ackWhen?.((ack) => held.push(ack));
    const got: PortholeEvent[][] = [];
    bridge.subscribe((ev) => got.push(ev));
    service.emit([{ type: 'notice', level: 'info', message: 'one' }]);
    await vi.waitFor(() => expect(got).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 30));
    expect(pageSends.filter((c) => c === ACK_CHANNEL)).toHaveLength(0);
    expect(held).toHaveLength(1);
    held[0]();
    expect(pageSends.filter((c) => c === ACK_CHANNEL)).toHaveLength(1);
    // Back to the next frame.
    bridge.ackWhen?.(null);
    service.emit([{ type: 'notice', level: 'info', message: 'two' }]);
    await vi.waitFor(() => expect(pageSends.filter((c) => c === ACK_CHANNEL)).toHaveLength(2));
    expect(held).toHaveLength(1);
  });

  it('exports through the preload (the save dialog)', async () => {
    await bridge.exportSession(2, 'text');
    expect(exports).toEqual([[2, 'text']]);
    expect(e.invoked).toEqual(['session:export']);
  });
});
