/**
 * A real `porthole serve` against clients that break the WebSocket protocol or the
 * message format on purpose (raw TCP, hand-made frames, after a valid sign-in): each
 * is answered with an error or a close with a reason, the process lives on, and a
 * fresh client is served as before.
 */
import { request } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import WebSocket from 'ws';
import { MAX_MESSAGE_BYTES } from '../electron/web/server.ts';
import { checkHostile, hostileCases, login, rawWebSocket, text } from '../electron/web/testing/raw-ws.ts';
import { expect, test } from './fixtures/porthole.ts';
import type { PortholeServer } from './fixtures/serve.ts';

/** A new, well-behaved client: opens the WebSocket with the cookie and runs a command. */
async function freshClientWorks(porthole: PortholeServer, cookie: string): Promise<void> {
  const ws = new WebSocket(`${porthole.origin.replace('http', 'ws')}/ws`, { headers: { Origin: porthole.origin, Cookie: cookie } });
  try {
    const reply = await new Promise<{ result?: { name?: string } }>((resolve, reject) => {
      ws.on('open', () => ws.send(JSON.stringify({ t: 'invoke', n: 1, cmd: 'app:info', args: null })));
      ws.on('message', (d) => {
        const m = JSON.parse(String(d));
        if (m.t === 'result' && m.n === 1) resolve(m);
      });
      ws.on('error', reject);
      ws.on('unexpected-response', (_q, res) => reject(new Error(`status ${res.statusCode}`)));
    });
    expect(reply.result?.name).toBe('Porthole');
  } finally {
    ws.terminate();
  }
}

function rawStatus(port: number, raw: string) {
  return new Promise<number>((resolve, reject) => {
    const s = tcpConnect(port, '127.0.0.1');
    let data = '';
    s.on('data', (c) => {
      data += c.toString('latin1');
      if (/^HTTP\/1\.1 \d{3}/.test(data)) s.destroy();
    });
    s.on('error', reject);
    s.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0)));
    s.write(raw);
  });
}

const portOf = (origin: string) => Number(new URL(origin).port);

/** Alive, and not only thanks to the last-resort handler: no fault went unhandled. */
function healthy(porthole: PortholeServer, after: string) {
  expect(porthole.alive(), `alive after ${after}`).toBe(true);
  expect(porthole.output(), `no unhandled fault after ${after}`).not.toMatch(/internal error/);
}

test('every malformed frame and message is refused with a reason, and the server lives on', async ({ porthole }) => {
  test.setTimeout(120_000);
  const cookie = await login(porthole.uiUrl);
  const port = portOf(porthole.origin);
  const problems: string[] = [];
  for (const c of hostileCases(MAX_MESSAGE_BYTES)) {
    const raw = await rawWebSocket(port, { Origin: porthole.origin, Cookie: cookie });
    try {
      const problem = await checkHostile(raw, c);
      if (problem) problems.push(`${c.name}: ${problem}`);
    } finally {
      raw.destroy();
    }
    healthy(porthole, c.name);
    await freshClientWorks(porthole, cookie);
  }
  expect(problems).toEqual([]);
});

test('malformed and hostile headers on the page and on the upgrade are refused, and the server lives on', async ({ porthole }) => {
  const cookie = await login(porthole.uiUrl);
  const port = portOf(porthole.origin);
  const name = cookie.split('=')[0];
  const host = `Host: 127.0.0.1:${port}`;
  const upgrade = `Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: MDEyMzQ1Njc4OWFiY2RlZg==\r\nOrigin: ${porthole.origin}`;
  const cases: [string, number[]][] = [
    [`GET / HTTP/1.1\r\n${host}\r\nCookie: %E0%A4%A; ${name}=%; =; ;;\r\n\r\n`, [401]],
    [`GET / HTTP/1.1\r\n${host}\r\nCookie: ${name}=${'%'.repeat(8000)}\r\n\r\n`, [401]],
    [`GET / HTTP/1.1\r\n${host}\r\nCookie: ${'x'.repeat(100_000)}\r\n\r\n`, [431]],
    [`GET / HTTP/1.1\r\n${host}\r\nCookie: a\u0000b=c\r\n\r\n`, [400]],
    [`GET /ws HTTP/1.1\r\n${host}\r\n${upgrade}\r\nCookie: %E0%A4%A; ${name}=\u00ff\u00fe\r\n\r\n`, [400, 401]],
    [`GET /ws HTTP/1.1\r\n${host}\r\n${upgrade}\r\nCookie: ${name}=${'A'.repeat(43)}; ${name}=${'B'.repeat(43)}\r\n\r\n`, [401]],
    [`GET /ws HTTP/1.1\r\n${host}\r\n${upgrade}\r\nCookie: ${'y'.repeat(100_000)}\r\n\r\n`, [431]],
    [`GET /ws HTTP/1.1\r\n${host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nOrigin: ${porthole.origin}\r\nCookie: ${cookie}\r\n\r\n`, [400]],
    [`GET /%2e%2e/ws HTTP/1.1\r\n${host}\r\n${upgrade}\r\nCookie: ${cookie}\r\n\r\n`, [404]],
  ];
  for (const [raw, statuses] of cases) {
    expect(statuses, raw.slice(0, 120)).toContain(await rawStatus(port, raw));
    healthy(porthole, raw.slice(0, 60));
  }
  await freshClientWorks(porthole, cookie);
});

test('a client that sends many requests and never reads is not read either; the server lives on', async ({ porthole }) => {
  const cookie = await login(porthole.uiUrl);
  const raw = await rawWebSocket(portOf(porthole.origin), { Origin: porthole.origin, Cookie: cookie });
  raw.socket.pause();
  for (let i = 0; i < 2000; i++) raw.send(text(JSON.stringify({ t: 'invoke', n: i, cmd: 'session:list', args: null })));
  await new Promise((r) => setTimeout(r, 500));
  await freshClientWorks(porthole, cookie);
  raw.destroy();
  // An aborted download of the page's largest file, a hundred times over.
  const asset = await new Promise<string>((resolve, reject) => {
    request(`${porthole.origin}/`, { headers: { Cookie: cookie } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(/src="\.?(\/assets\/[^"]+\.js)"/.exec(body)?.[1] ?? ''));
    }).on('error', reject).end();
  });
  expect(asset).toMatch(/^\/assets\//);
  for (let i = 0; i < 100; i++) {
    await new Promise<void>((done) => {
      const s = tcpConnect(portOf(porthole.origin), '127.0.0.1');
      s.on('error', () => done());
      s.on('close', () => done());
      s.once('data', () => s.destroy());
      s.write(`GET ${asset} HTTP/1.1\r\nHost: 127.0.0.1:${portOf(porthole.origin)}\r\n\r\n`);
    });
  }
  healthy(porthole, 'aborted downloads');
  await freshClientWorks(porthole, cookie);
});
