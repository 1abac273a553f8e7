import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startWebServer, type WebServer } from './server.ts';
import { createFakeService, type FakeService } from './testing/fake-service.ts';
import type { WsServerMessage } from '../../shared/ws-protocol.ts';

let dir: string;
let server: WebServer;
let service: FakeService;
let origin: string;

function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((done, fail) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

/** Resolves with the open socket, or rejects with the HTTP status of the refusal. */
function connect(query: string, headers: Record<string, string> = { Origin: origin }) {
  return new Promise<WebSocket>((done, fail) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws${query}`, { headers });
    ws.on('open', () => done(ws));
    ws.on('unexpected-response', (_req, res) => fail(new Error(`status ${res.statusCode}`)));
    ws.on('error', fail);
  });
}

function nextMessage(ws: WebSocket, pred: (m: WsServerMessage) => boolean = () => true) {
  return new Promise<WsServerMessage>((done) => {
    const on = (data: WebSocket.RawData) => {
      const m = JSON.parse(data.toString()) as WsServerMessage;
      if (pred(m)) {
        ws.off('message', on);
        done(m);
      }
    };
    ws.on('message', on);
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'porthole-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Porthole</title><div id="root"></div>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'porthole-secret.txt'), 'secret');
  service = createFakeService();
  server = await startWebServer({ service, rendererDir: dir, port: 0 });
  origin = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the page', () => {
  it('prints a URL with a long random token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(Buffer.from(server.token, 'base64url').length).toBeGreaterThanOrEqual(16);
  });

  it('is refused without the token or with a wrong one', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/index.html')).status).toBe(401);
    expect((await get(`/?token=${server.token.slice(0, -1)}x`)).status).toBe(401);
    expect((await get('/', { Cookie: `porthole_token_${server.port}=nope` })).status).toBe(401);
  });

  it('is served with the token, sets a cookie, and carries strict headers', async () => {
    const res = await get(`/?token=${server.token}`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('<div id="root">');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain(`porthole_token_${server.port}=${server.token}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
  });

  it('is served on reload with only the cookie', async () => {
    expect((await get('/', { Cookie: `a=b; porthole_token_${server.port}=${server.token}` })).status).toBe(200);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get(`/?token=${server.token}`, { Host: `evil.example:${server.port}` })).status).toBe(421);
  });

  it('serves built assets without the token but never files outside the build', async () => {
    const asset = await get('/assets/app.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('text/javascript');
    expect((await get('/../porthole-secret.txt')).status).toBe(404);
    expect((await get('/%2e%2e/porthole-secret.txt')).status).toBe(404);
    expect((await get('/assets/missing.js')).status).toBe(404);
  });
});

describe('the WebSocket', () => {
  it('refuses a missing or wrong token', async () => {
    await expect(connect('')).rejects.toThrow('status 401');
    await expect(connect('?token=wrong')).rejects.toThrow('status 401');
  });

  it('refuses a foreign or missing Origin even with the token', async () => {
    await expect(connect(`?token=${server.token}`, { Origin: 'http://evil.example' })).rejects.toThrow('status 403');
    await expect(connect(`?token=${server.token}`, { Origin: `http://127.0.0.1:${server.port + 1}` })).rejects.toThrow('status 403');
    await expect(connect(`?token=${server.token}`, {})).rejects.toThrow('status 403');
  });

  it('accepts the UI origin under either loopback name', async () => {
    const a = await connect(`?token=${server.token}`);
    const b = await connect(`?token=${server.token}`, { Origin: `http://localhost:${server.port}` });
    a.close();
    b.close();
  });

  it('runs valid commands and rejects malformed ones without reaching the core', async () => {
    const ws = await connect(`?token=${server.token}`);
    ws.send(JSON.stringify({ t: 'invoke', n: 1, cmd: 'session:rows', args: { id: 1, from: 1, to: 3 } }));
    const ok = await nextMessage(ws, (m) => m.t === 'result' && m.n === 1);
    expect(ok).toMatchObject({ result: { id: 1, count: 3, from: 1, rows: [{ text: 'two' }, { text: 'three' }] } });

    const before = service.calls.length;
    ws.send(JSON.stringify({ t: 'invoke', n: 2, cmd: 'session:send', args: { id: 1, text: 'x', ending: 'cr' } }));
    expect(await nextMessage(ws, (m) => m.t === 'result' && m.n === 2)).toMatchObject({ error: expect.stringMatching(/ending/) });
    ws.send(JSON.stringify({ t: 'invoke', n: 3, cmd: 'fs:read', args: {} }));
    expect(await nextMessage(ws, (m) => m.t === 'result' && m.n === 3)).toMatchObject({ error: expect.stringMatching(/unknown command/) });
    expect(service.calls.length).toBe(before);

    ws.send(JSON.stringify({ t: 'invoke', n: 4, cmd: 'session:eof', args: { id: 99 } }));
    expect(await nextMessage(ws, (m) => m.t === 'result' && m.n === 4)).toMatchObject({ error: 'no session 99' });
    ws.close();
  });

  it('pushes core events and unsubscribes when the tab goes', async () => {
    // Sockets closed by earlier tests unsubscribe once their close handshake ends.
    await vi.waitFor(() => expect(service.listenerCount()).toBe(0));
    const ws = await connect(`?token=${server.token}`);
    expect(service.listenerCount()).toBe(1);
    const got = nextMessage(ws, (m) => m.t === 'events');
    service.emit([{ type: 'notice', level: 'info', message: 'hello' }]);
    expect(await got).toEqual({ t: 'events', events: [{ type: 'notice', level: 'info', message: 'hello' }] });
    ws.close();
    await vi.waitFor(() => expect(service.listenerCount()).toBe(0));
  });

  it('closes on a message that is not JSON', async () => {
    const ws = await connect(`?token=${server.token}`);
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.send('{not json');
    expect(await closed).toBe(1003);
  });
});

describe('export', () => {
  it('downloads a transcript with the token, named by the core', async () => {
    const res = await get(`/export/1?format=text&token=${server.token}`);
    expect(res.status).toBe(200);
    expect(res.body).toBe('one\ntwo\nthree\n');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="porthole-1-_.txt"; filename*=UTF-8''porthole-1-%C3%A9.txt`);
    const jsonl = await get('/export/1?format=jsonl', { Cookie: `porthole_token_${server.port}=${server.token}` });
    expect(jsonl.body.trim().split('\n').map((l) => JSON.parse(l).text)).toEqual(['one', 'two', 'three']);
  });

  it('is refused without the token, and reports bad requests', async () => {
    expect((await get('/export/1?format=text')).status).toBe(401);
    expect((await get(`/export/1?format=pdf&token=${server.token}`)).status).toBe(400);
    expect((await get(`/export/42?token=${server.token}`)).status).toBe(404);
  });
});
