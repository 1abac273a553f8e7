import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebServer, type WebServer } from '../../../electron/web/server.ts';
import { createFakeService } from '../../../electron/web/testing/fake-service.ts';
import { login } from '../../../electron/web/testing/raw-ws.ts';
import { COMMAND_NAMES } from '../../../shared/contract.ts';
import { COMMAND_EXAMPLES } from '../../../shared/testing/command-examples.ts';
import type { PortholeEvent } from '../../../shared/types.ts';
import { SEND_PIECE_CHARS } from './send-pieces.ts';
import { createWsBridge, type SocketLike, type WsBridge } from './ws-bridge.ts';
import type { ConnectionState } from './types.ts';

const dir = mkdtempSync(join(tmpdir(), 'porthole-bridge-'));
writeFileSync(join(dir, 'index.html'), '<!doctype html>');
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const service = createFakeService();
  // A fixed secret, so the cookie still works after the restart below (as a stable --ui-port does).
  const secret = 'T'.repeat(43);
  let server: WebServer = await startWebServer({ service, rendererDir: dir, secret });
  const { port } = server;
  const origin = `http://127.0.0.1:${port}`;
  const cookie = await login(server.url);
  const bridge: WsBridge = createWsBridge({
    url: `ws://127.0.0.1:${port}/ws`,
    exportUrl: (id, format) => `${origin}/export/${id}?format=${format}`,
    // The browser sends the page's Origin and cookie itself; the ws package needs them spelled out.
    createSocket: (url) => new WebSocket(url, { origin, headers: { Cookie: cookie } }) as unknown as SocketLike,
    backoff: { initialMs: 20, maxMs: 100 },
  });
  const states: ConnectionState[] = [];
  bridge.onConnectionChange((s) => states.push(s));
  cleanups.push(() => bridge.dispose(), () => server.close());
  return {
    service, bridge, states, cookie, port, origin,
    stop: () => server.close(),
    restart: async () => {
      server = await startWebServer({ service, rendererDir: dir, port, secret });
    },
  };
}

describe('the WebSocket bridge', () => {
  it('runs commands and reports errors from the core', async () => {
    const { bridge } = await setup();
    expect(bridge.face).toBe('browser');
    const rows = await bridge.invoke('session:rows', { id: 1, from: 0, to: 2 });
    expect(rows.rows.map((r) => r.text)).toEqual(['one', 'two']);
    await expect(bridge.invoke('session:eof', { id: 7 })).rejects.toThrow('no session 7');
    await expect(bridge.invoke('session:send', { id: 1, text: 'x', ending: 'bogus' as 'lf' })).rejects.toThrow(/ending/);
    expect(bridge.connection).toBe('connected');
  });

  it('carries every command of the table to the core with its arguments', async () => {
    const { bridge, service } = await setup();
    for (const cmd of COMMAND_NAMES) {
      for (const args of COMMAND_EXAMPLES[cmd]) {
        // The fake core runs a few commands and refuses the rest: either way they arrived.
        await bridge.invoke(cmd, args as never).catch((err: Error) => expect(err.message).toBe(`${cmd} is not supported here`));
        expect(service.calls.at(-1)).toEqual({ cmd, args });
      }
    }
  });

  it('sends a large paste in pieces, in order, the line ending after the last', async () => {
    const { bridge, service } = await setup();
    const text = 'é'.repeat(SEND_PIECE_CHARS) + 'tail';
    await bridge.invoke('session:send', { id: 1, text, ending: 'lf' });
    const sends = service.calls.filter((c) => c.cmd === 'session:send').map((c) => c.args as { text: string; ending: string });
    expect(sends.map((s) => [s.text.length, s.ending])).toEqual([[SEND_PIECE_CHARS, 'none'], [4, 'lf']]);
    expect(sends.map((s) => s.text).join('')).toBe(text);
  });

  it('delivers events until unsubscribed', async () => {
    const { bridge, service } = await setup();
    const got: PortholeEvent[][] = [];
    const unsubscribe = bridge.subscribe((e) => got.push(e));
    await bridge.invoke('app:info', null);
    service.emit([{ type: 'notice', level: 'info', message: 'a' }]);
    await vi.waitFor(() => expect(got).toHaveLength(1));
    unsubscribe();
    service.emit([{ type: 'notice', level: 'info', message: 'b' }]);
    await bridge.invoke('app:info', null);
    expect(got).toEqual([[{ type: 'notice', level: 'info', message: 'a' }]]);
  });

  it('reconnects after the server restarts, keeps commands issued meanwhile, and replays the state', async () => {
    const { bridge, states, stop, restart } = await setup();
    const got: PortholeEvent[][] = [];
    bridge.subscribe((e) => got.push(e));
    await bridge.invoke('app:info', null);
    await stop();
    await vi.waitFor(() => expect(bridge.connection).toBe('disconnected'));

    const waiting = bridge.invoke('session:rows', { id: 1, from: 2, to: 3 });
    await new Promise((r) => setTimeout(r, 150));
    await restart();
    expect((await waiting).rows[0].text).toBe('three');
    expect(states).toEqual(['connected', 'disconnected', 'connected']);

    await vi.waitFor(() => expect(got.length).toBeGreaterThan(0));
    const replay = got.at(-1)!;
    expect(replay.map((e) => e.type)).toEqual(['listeners', 'connects', 'session', 'rows']);
    expect(replay[3]).toMatchObject({ type: 'rows', id: 1, count: 3, changedFrom: 0, tail: [{ text: 'one' }, { text: 'two' }, { text: 'three' }] });
  });

  it('stays disconnected and retries when the cookie is wrong', async () => {
    const { cookie, port, origin } = await setup();
    let attempts = 0;
    const bad = createWsBridge({
      url: `ws://127.0.0.1:${port}/ws`,
      exportUrl: () => '',
      createSocket: (url) => {
        attempts++;
        return new WebSocket(url, { origin, headers: { Cookie: `${cookie}x` } }) as unknown as SocketLike;
      },
      backoff: { initialMs: 10, maxMs: 20 },
    });
    cleanups.push(() => bad.dispose());
    await new Promise((r) => setTimeout(r, 100));
    expect(bad.connection).toBe('connecting');
    expect(attempts).toBeGreaterThan(2);
    bad.dispose();
    await expect(bad.invoke('app:info', null)).rejects.toThrow(/closed/);
  });

  it('exports through a download of the export address', async () => {
    const hrefs: string[] = [];
    const bridge = createWsBridge({
      url: 'ws://127.0.0.1:1/ws',
      exportUrl: (id, format) => `/export/${id}?format=${format}`,
      createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      download: (href) => hrefs.push(href),
    });
    cleanups.push(() => bridge.dispose());
    await bridge.exportSession(4, 'jsonl');
    expect(hrefs).toEqual(['/export/4?format=jsonl']);
  });
});
