import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tcpConnect } from 'node:net';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { CODE_REFUSED, MAX_MESSAGE_BYTES, NEED_LOGIN, startWebServer, type WebServer } from './server.ts';
import { createFakeService, type FakeService } from './testing/fake-service.ts';
import { checkHostile, hostileCases, login, rawWebSocket, text } from './testing/raw-ws.ts';
import type { WsServerMessage } from '../../shared/ws-protocol.ts';

let dir: string;
let server: WebServer;
let service: FakeService;
let origin: string;
/** `name=value` of a signed-in browser's cookie. */
let cookie: string;

interface Got { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** A GET with the request target sent exactly as given (no normalisation by a URL parser). */
function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<Got>((done, fail) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

/** Sends `raw` as the whole HTTP request and resolves with the status of the answer. */
function rawStatus(raw: string) {
  return new Promise<number>((done, fail) => {
    const s = tcpConnect(server.port, '127.0.0.1');
    let data = '';
    s.on('data', (c) => {
      data += c.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(data);
      if (m) {
        s.destroy();
        done(Number(m[1]));
      }
    });
    s.on('error', fail);
    s.on('close', () => done(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0)));
    s.write(raw);
  });
}

/** Resolves with the open socket, or rejects with the HTTP status of the refusal. */
function connect(headers: Record<string, string> = { Origin: origin, Cookie: cookie }, path = '/ws') {
  return new Promise<WebSocket>((done, fail) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, { headers });
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

let serial = 1000;
async function call(ws: WebSocket, cmd: string, args: unknown) {
  const n = ++serial;
  ws.send(JSON.stringify({ t: 'invoke', n, cmd, args }));
  return nextMessage(ws, (m) => m.t === 'result' && m.n === n);
}

/** A new client signs in and runs a command: the server is still serving. */
async function stillServing() {
  const ws = await connect();
  try {
    expect(await call(ws, 'app:info', null)).toMatchObject({ result: { name: 'Porthole' } });
  } finally {
    ws.close();
  }
}

const pathOf = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'porthole-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Porthole</title><div id="root"></div>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'not for the web');
  writeFileSync(join(tmpdir(), 'porthole-secret.txt'), 'secret');
  service = createFakeService();
  server = await startWebServer({ service, rendererDir: dir, port: 0 });
  origin = `http://127.0.0.1:${server.port}`;
  cookie = await login(server.freshUrl());
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('signing in', () => {
  it('prints a one-time address with a long random code, and no other secret', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?code=[\\w-]{43}$`));
    expect(server.freshUrl()).not.toBe(server.freshUrl());
  });

  it('trades a code once for an HttpOnly, SameSite=Strict cookie and a redirect to a clean /', async () => {
    const url = server.freshUrl();
    const code = new URL(url).searchParams.get('code')!;
    const res = await get(pathOf(url));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    expect(res.headers['cache-control']).toBe('no-store');
    const set = String(res.headers['set-cookie']);
    expect(set).toMatch(new RegExp(`^porthole_session_${server.port}=[\\w-]{43}; Path=/; HttpOnly; SameSite=Strict$`));
    // The cookie holds a separate secret, not the code.
    expect(set).not.toContain(code);
    const page = await get('/', { Cookie: set.split(';')[0] });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');

    const again = await get(pathOf(url));
    expect(again.status).toBe(401);
    expect(again.body).toContain('already been used or has expired');
    expect(again.body).toContain('press Enter');
    expect(again.headers['set-cookie']).toBeUndefined();
    // Even a signed-in browser cannot reuse it.
    expect((await get(pathOf(url), { Cookie: cookie })).status).toBe(401);
  });

  it('refuses a made-up code, an empty one and a HEAD request without using the code up', async () => {
    expect((await get(`/?code=${'A'.repeat(43)}`)).status).toBe(401);
    expect((await get('/?code=')).status).toBe(401);
    const url = server.freshUrl();
    expect((await get(pathOf(url), {}, 'HEAD')).status).toBe(401);
    expect((await get(pathOf(url))).status).toBe(303);
  });

  it('refuses a code older than its lifetime', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const short = await startWebServer({ service, rendererDir: dir, codeLifetimeMs: 60_000 });
    try {
      const fresh = short.freshUrl();
      const old = short.url;
      vi.setSystemTime(Date.now() + 61_000);
      const status = (u: string) => fetch(u, { redirect: 'manual' }).then((r) => r.status);
      expect(await status(old)).toBe(401);
      expect(await status(fresh)).toBe(401);
      expect(await status(short.freshUrl())).toBe(303);
    } finally {
      vi.useRealTimers();
      await short.close();
    }
  });

  it('keeps a bounded number of unused codes', async () => {
    const first = server.freshUrl();
    for (let i = 0; i < 100; i++) server.freshUrl();
    expect((await get(pathOf(first))).status).toBe(401);
  });

  it('uses a given secret and makes the cookie outlive the browser session', async () => {
    const secret = 'S'.repeat(43);
    const kept = await startWebServer({ service, rendererDir: dir, secret });
    try {
      const res = await fetch(kept.url, { redirect: 'manual' });
      expect(res.headers.get('set-cookie')).toBe(`porthole_session_${kept.port}=${secret}; Path=/; HttpOnly; SameSite=Strict; Max-Age=34560000`);
    } finally {
      await kept.close();
    }
  });
});

describe('the page', () => {
  it('is refused without the cookie or with a wrong one, and says how to sign in', async () => {
    const res = await get('/');
    expect(res.status).toBe(401);
    expect(res.body).toBe(`${NEED_LOGIN}\n`);
    expect(res.body).toContain('"UI:" line');
    expect((await get('/', { Cookie: `porthole_session_${server.port}=nope` })).status).toBe(401);
    expect((await get('/', { Cookie: `porthole_session_${server.port + 1}=${cookie.split('=')[1]}` })).status).toBe(401);
    expect((await get('/?token=whatever')).status).toBe(401);
    expect(CODE_REFUSED).toContain('press Enter');
  });

  it('is served with the cookie under strict headers', async () => {
    const res = await get('/', { Cookie: `a=b; ${cookie}; c=d` });
    expect(res.status).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('bounces a cross-site navigation without the cookie once through this origin', async () => {
    const res = await get('/', { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'navigate' });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<meta http-equiv="refresh" content="0;url=/">');
    expect(res.body).not.toContain('root');
    expect((await get('/', { 'Sec-Fetch-Site': 'same-origin', 'Sec-Fetch-Mode': 'navigate' })).status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get('/', { Host: `evil.example:${server.port}`, Cookie: cookie })).status).toBe(421);
    expect((await get(pathOf(server.freshUrl()), { Host: `evil.example:${server.port}` })).status).toBe(421);
  });

  it('serves built assets without the cookie, and nothing outside the allow-list', async () => {
    const asset = await get('/assets/app.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('text/javascript');
    expect(asset.body).toBe('console.log(1)');
    expect((await get('/assets/missing.js')).status).toBe(404);
    expect((await get('/secret.txt')).status).toBe(404);
    expect((await get('/assets/')).status).toBe(404);
    expect((await get('/assets')).status).toBe(404);
  });

  const bypasses = [
    '/index.html', '/%69ndex.html', '/index.html/', '/index.html%00', '/index.html%2500', '//index.html', '/./index.html',
    '/assets/../index.html', '/assets/%2e%2e/index.html', '/assets/%252e%252e/index.html', '/..%2frenderer%2findex.html',
    '/%2e%2e/porthole-secret.txt', '/../porthole-secret.txt', '/%252e%252e%252fporthole-secret.txt', '/assets/..%5cindex.html',
    '/assets\\..\\index.html', '/%5cindex.html', '/assets/%2e%2e%2f%2e%2e%2fporthole-secret.txt', '/assets/.%2e/index.html',
    '/%2F', '//', '/%2e', '/.', '/assets//app.js', '/assets/./app.js', '/assets/%61pp.js/', '/assets/app.js%00.html',
    '/%', '/%zz', '/%c0%ae%c0%ae/porthole-secret.txt', '/%ef%bc%8eindex.html', `/${'a'.repeat(3000)}`,
    '/ws', '/export', '/export/', '/?', '/#', '/assets/.hidden', '/secret.txt', '/%73ecret.txt',
  ];
  it.each(bypasses)('%s is 404 or 401, never the page or a file outside the build', async (path) => {
    const res = await get(path);
    expect([400, 401, 404, 414]).toContain(res.status);
    expect(res.body).not.toContain('<div id="root">');
    expect(res.body).not.toContain('secret');
  });

  it('refuses the same paths with the cookie too, except the page at /', async () => {
    for (const path of bypasses.filter((p) => p !== '/?' && p !== '/#')) {
      const res = await get(path, { Cookie: cookie });
      expect(res.status, path).not.toBe(200);
      expect(res.body, path).not.toContain('<div id="root">');
    }
    // The percent-encoded '/' of the page is still only '/'.
    expect((await get('/?', { Cookie: cookie })).status).toBe(200);
  });

  it('survives malformed, duplicated and huge Cookie headers', async () => {
    const secret = cookie.split('=')[1];
    const name = `porthole_session_${server.port}`;
    for (const header of ['%', '%E0%A4%A', `${name}=%E0%A4%A`, '=', ';;;', '; ; =x; a', `${name}`, `${name}=`, `${name}="${secret}"x`, '\u00ff\u00fe', 'a=b'.repeat(3000)]) {
      const res = await get('/', { Cookie: header });
      expect(res.status, header).toBe(401);
    }
    // Duplicates: a stale cookie beside the right one still signs in; two wrong ones do not.
    expect((await get('/', { Cookie: `${name}=old; ${name}=${secret}` })).status).toBe(200);
    expect((await get('/', { Cookie: `${name}=old; ${name}=older` })).status).toBe(401);
    // Past Node's header limit the request is refused before it reaches the server's code.
    expect(await rawStatus(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nCookie: ${'x'.repeat(64 * 1024)}\r\n\r\n`)).toBe(431);
    expect(await rawStatus(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nCookie: ${name}=%%%\r\nCookie: ${name}=\u0000\r\n\r\n`)).toBeGreaterThanOrEqual(400);
    await stillServing();
  });
});

describe('file streaming', () => {
  it('releases the file of every aborted download (200 clients leaving mid-file)', async () => {
    if (process.platform !== 'linux') return console.log('skipped: counts /proc/self/fd, which only Linux has');
    writeFileSync(join(dir, 'assets', 'big.bin'), Buffer.alloc(16 << 20, 1));
    const fds = () => readdirSync('/proc/self/fd').length;
    // One full download first, so lazily opened handles are counted in the baseline.
    expect((await fetch(`${origin}/assets/big.bin`).then((r) => r.arrayBuffer())).byteLength).toBe(16 << 20);
    await new Promise((r) => setTimeout(r, 100));
    const before = fds();
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(Array.from({ length: 20 }, () => new Promise<void>((done) => {
        const s = tcpConnect(server.port, '127.0.0.1');
        s.on('error', () => done());
        s.on('close', () => done());
        s.once('data', () => s.destroy());
        s.write(`GET /assets/big.bin HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`);
      })));
    }
    await vi.waitFor(() => expect(fds()).toBeLessThanOrEqual(before + 2), { timeout: 5_000, interval: 50 });
  });

  it('answers HEAD with the headers only', async () => {
    const res = await get('/assets/app.js', {}, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe('14');
    expect(res.body).toBe('');
  });
});

describe('the WebSocket', () => {
  it('refuses a missing or wrong cookie', async () => {
    await expect(connect({ Origin: origin })).rejects.toThrow('status 401');
    await expect(connect({ Origin: origin, Cookie: `porthole_session_${server.port}=wrong` })).rejects.toThrow('status 401');
    await expect(connect({ Origin: origin, Cookie: '%E0%A4%A; =;' })).rejects.toThrow('status 401');
  });

  it('no longer takes a token in its address', async () => {
    const secret = cookie.split('=')[1];
    await expect(connect({ Origin: origin }, `/ws?token=${secret}`)).rejects.toThrow('status 401');
  });

  it('refuses a foreign or missing Origin even with the cookie', async () => {
    await expect(connect({ Origin: 'http://evil.example', Cookie: cookie })).rejects.toThrow('status 403');
    await expect(connect({ Origin: `http://127.0.0.1:${server.port + 1}`, Cookie: cookie })).rejects.toThrow('status 403');
    await expect(connect({ Cookie: cookie })).rejects.toThrow('status 403');
  });

  it('refuses a foreign Host and other paths', async () => {
    await expect(connect({ Origin: origin, Cookie: cookie, Host: `evil.example:${server.port}` })).rejects.toThrow('status 421');
    await expect(connect(undefined, '/ws/')).rejects.toThrow('status 404');
    // The path is decoded once like any other: /%77s is /ws, and needs the cookie all the same.
    await expect(connect({ Origin: origin }, '/%77s')).rejects.toThrow('status 401');
    await expect(connect(undefined, '/%2577s')).rejects.toThrow('status 404');
  });

  it('accepts the UI origin under either loopback name', async () => {
    const a = await connect();
    const b = await connect({ Origin: `http://localhost:${server.port}`, Cookie: cookie });
    a.close();
    b.close();
  });

  it('runs valid commands and rejects malformed ones without reaching the core', async () => {
    const ws = await connect();
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

  it('turns a throwing core or an unsendable result into an error result', async () => {
    const ws = await connect();
    try {
      service.override('session:list', () => {
        throw new Error('core is busy');
      });
      expect(await call(ws, 'session:list', null)).toMatchObject({ error: 'core is busy' });
      service.override('session:list', () => ({ toJSON() { throw new RangeError('Invalid string length'); } }) as never);
      expect(await call(ws, 'session:list', null)).toMatchObject({ error: 'the result could not be sent: Invalid string length' });
      service.override('session:list', () => ({ n: 10n }) as never);
      expect(await call(ws, 'session:list', null)).toMatchObject({ error: expect.stringMatching(/could not be sent.*BigInt/) });
      service.override('session:list', () => Promise.reject('not even an Error') as never);
      expect(await call(ws, 'session:list', null)).toMatchObject({ error: 'not even an Error' });
      // The same connection carries on.
      service.override('session:list', undefined);
      expect(await call(ws, 'session:list', null)).toMatchObject({ result: [{ id: 1 }] });
    } finally {
      service.override('session:list', undefined);
      ws.close();
    }
  });

  it('pushes core events and unsubscribes when the tab goes', async () => {
    // Sockets closed by earlier tests unsubscribe once their close handshake ends.
    await vi.waitFor(() => expect(service.listenerCount()).toBe(0));
    const ws = await connect();
    expect(service.listenerCount()).toBe(1);
    const got = nextMessage(ws, (m) => m.t === 'events');
    service.emit([{ type: 'notice', level: 'info', message: 'hello' }]);
    expect(await got).toEqual({ t: 'events', events: [{ type: 'notice', level: 'info', message: 'hello' }] });
    ws.close();
    await vi.waitFor(() => expect(service.listenerCount()).toBe(0));
  });

  it('closes on a message that is not JSON, with a reason', async () => {
    const ws = await connect();
    const closed = new Promise<[number, string]>((r) => ws.on('close', (code, reason) => r([code, reason.toString()])));
    ws.send('{not json');
    expect(await closed).toEqual([1003, 'messages must be JSON text']);
  });
});

describe('hostile clients', () => {
  for (const c of hostileCases(MAX_MESSAGE_BYTES)) {
    it(`survives ${c.name}`, async () => {
      const raw = await rawWebSocket(server.port, { Origin: origin, Cookie: cookie });
      try {
        expect(await checkHostile(raw, c)).toBeNull();
      } finally {
        raw.destroy();
      }
      await stillServing();
    });
  }

  it('refuses an upgrade with malformed or hostile headers and keeps serving', async () => {
    const headers: Record<string, string>[] = [
      { Origin: origin, Cookie: '%E0%A4%A; =; porthole_session_1=%' },
      { Origin: origin, Cookie: `${cookie.split('=')[0]}=${'x'.repeat(8000)}` },
      { Origin: 'null', Cookie: cookie },
      { Origin: origin, Cookie: cookie, 'Sec-WebSocket-Version': '8' },
    ];
    for (const h of headers) await expect(rawWebSocket(server.port, h)).rejects.toThrow(/^HTTP\/1\.1 4\d\d /);
    // A client that vanishes in the middle of its upgrade request.
    await new Promise<void>((done) => {
      const s = tcpConnect(server.port, '127.0.0.1', () => {
        s.write(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n`);
        s.resetAndDestroy();
        done();
      });
    });
    await stillServing();
  });

  it('stops reading a client that sends requests but never reads the answers', async () => {
    await vi.waitFor(() => expect(service.listenerCount()).toBe(0));
    const big = 'x'.repeat(1 << 20);
    let served = 0;
    service.override('session:rows', ({ id, from }) => {
      served++;
      return { id, count: 1, from, rows: [{ index: 0, kind: 'out', text: big, time: 1, cont: false, open: false }] };
    });
    const raw = await rawWebSocket(server.port, { Origin: origin, Cookie: cookie });
    try {
      raw.socket.pause();
      for (let i = 0; i < 1000; i++) raw.send(text(JSON.stringify({ t: 'invoke', n: i, cmd: 'session:rows', args: { id: 1, from: 0, to: 1 } })));
      await new Promise((r) => setTimeout(r, 1500));
      // What the kernel's socket buffers absorb, plus the high-water mark, plus the requests in flight: not all 1000 (1 GB).
      expect(served).toBeGreaterThan(0);
      expect(served).toBeLessThan(100);
      expect(service.listenerCount()).toBe(1);
    } finally {
      raw.destroy();
      service.override('session:rows', undefined);
    }
    // Its subscription and timers go with it.
    await vi.waitFor(() => expect(service.listenerCount()).toBe(0));
    await stillServing();
  });
});

describe('export', () => {
  it('downloads a transcript with the cookie alone, named by the core', async () => {
    const res = await get('/export/1?format=text', { Cookie: cookie });
    expect(res.status).toBe(200);
    expect(res.body).toBe('one\ntwo\nthree\n');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="porthole-1-_.txt"; filename*=UTF-8''porthole-1-%C3%A9.txt`);
    const jsonl = await get('/export/1?format=jsonl', { Cookie: cookie });
    expect(jsonl.body.trim().split('\n').map((l) => JSON.parse(l).text)).toEqual(['one', 'two', 'three']);
  });

  it('is refused without the cookie, even with the secret in the address, and reports bad requests', async () => {
    const secret = cookie.split('=')[1];
    expect((await get('/export/1?format=text')).status).toBe(401);
    expect((await get(`/export/1?format=text&token=${secret}`)).status).toBe(401);
    expect((await get(`/export/1?format=text&code=${secret}`)).status).toBe(401);
    expect((await get('/export/1?format=pdf', { Cookie: cookie })).status).toBe(400);
    expect((await get('/export/42', { Cookie: cookie })).status).toBe(404);
    expect((await get('/export/%31?format=text', { Cookie: cookie })).status).toBe(200);
    expect((await get('/export/1/?format=text', { Cookie: cookie })).status).toBe(404);
  });
});
