/** Browser mode lets in only the holder of the token, from the interface's own origin. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/porthole.ts';

/** Opens a WebSocket from inside the page; 'open' or 'refused'. */
function tryWebSocket(page: Page, url: string) {
  return page.evaluate((u) => new Promise<string>((resolve) => {
    const ws = new WebSocket(u);
    ws.onopen = () => {
      ws.close();
      resolve('open');
    };
    ws.onclose = () => resolve('refused');
  }), url);
}

/** The HTTP status with which the server answers a WebSocket upgrade. */
function upgradeStatus(port: number, path: string, origin: string | undefined) {
  return new Promise<number>((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port, path,
      headers: {
        Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': Buffer.from('0123456789abcdef').toString('base64'),
        ...(origin ? { Origin: origin } : {}),
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

test.describe('the page', () => {
  test('is refused without the token and with a wrong one', async ({ page, porthole }) => {
    const missing = await page.goto(`${porthole.origin}/`);
    expect(missing?.status()).toBe(401);
    await expect(page.locator('body')).toContainText('access token');
    const wrong = await page.goto(`${porthole.origin}/?token=${porthole.token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`);
    expect(wrong?.status()).toBe(401);
  });

  test('is served with the token under a strict Content-Security-Policy, and runs under it', async ({ page, porthole }) => {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content.Security.Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    page.on('pageerror', (e) => violations.push(String(e)));
    const res = await page.goto(porthole.uiUrl);
    expect(res?.status()).toBe(200);
    const headers = res!.headers();
    const csp = headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');

    // The interface comes up and talks to the server.
    await expect(page.locator('#root')).not.toBeEmpty();
    await expect(page.getByText(`127.0.0.1:${porthole.listenPort}`).first()).toBeVisible();
    // The token leaves the address bar, and a reload still works (cookie and sessionStorage).
    await expect.poll(() => new URL(page.url()).searchParams.has('token')).toBe(false);
    const again = await page.reload();
    expect(again?.status()).toBe(200);
    await expect(page.getByText(`127.0.0.1:${porthole.listenPort}`).first()).toBeVisible();
    expect(violations).toEqual([]);
  });
});

test.describe('the WebSocket', () => {
  test('is refused without the token or with a wrong one, from the interface origin', async ({ page, porthole }) => {
    const ws = `ws://127.0.0.1:${new URL(porthole.origin).port}/ws`;
    // The 401 page is on the interface's origin but holds no cookie.
    await page.goto(`${porthole.origin}/`);
    expect(await tryWebSocket(page, ws)).toBe('refused');
    expect(await tryWebSocket(page, `${ws}?token=wrong`)).toBe('refused');
    expect(await tryWebSocket(page, `${ws}?token=${porthole.token}`)).toBe('open');

    const port = Number(new URL(porthole.origin).port);
    expect(await upgradeStatus(port, '/ws', porthole.origin)).toBe(401);
    expect(await upgradeStatus(port, '/ws?token=wrong', porthole.origin)).toBe(401);
    expect(await upgradeStatus(port, `/ws?token=${porthole.token}`, porthole.origin)).toBe(101);
  });

  test('is refused to another origin even when it knows the token', async ({ page, porthole }) => {
    const foreign: Server = createServer((_req, res) => res.end('<!doctype html><title>another site</title>'));
    await new Promise<void>((r) => foreign.listen(0, '127.0.0.1', r));
    try {
      const foreignPort = (foreign.address() as { port: number }).port;
      const port = Number(new URL(porthole.origin).port);
      await page.goto(`http://127.0.0.1:${foreignPort}/`);
      expect(await tryWebSocket(page, `ws://127.0.0.1:${port}/ws?token=${porthole.token}`)).toBe('refused');
      await page.goto(`http://localhost:${foreignPort}/`);
      expect(await tryWebSocket(page, `ws://localhost:${port}/ws?token=${porthole.token}`)).toBe('refused');

      expect(await upgradeStatus(port, `/ws?token=${porthole.token}`, `http://127.0.0.1:${foreignPort}`)).toBe(403);
      expect(await upgradeStatus(port, `/ws?token=${porthole.token}`, 'https://evil.example')).toBe(403);
      expect(await upgradeStatus(port, `/ws?token=${porthole.token}`, undefined)).toBe(403);
    } finally {
      foreign.close();
    }
  });
});

test.describe('export', () => {
  test('downloads from the interface, and is refused to anyone without the token', async ({ page, porthole }) => {
    const script = spawn('python3', ['-c', [
      'import socket, time',
      `s = socket.create_connection(("127.0.0.1", ${porthole.listenPort}))`,
      'f = s.makefile("w", buffering=1)',
      'print("secret line", file=f, flush=True)',
      'time.sleep(30)',
    ].join('\n')]);
    try {
      await page.goto(porthole.uiUrl);
      await expect(page.getByText('secret line')).toBeVisible();
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: /export text/i }).click();
      const file = await (await download).path();
      expect(readFileSync(file, 'utf8')).toContain('secret line');

      // The page itself may fetch it (its cookie); a browser context that never had the token may not.
      expect(await page.evaluate(() => fetch('/export/1?format=text').then((r) => r.status))).toBe(200);
      const stranger = await page.context().browser()!.newContext();
      try {
        const res = await stranger.request.get(`${porthole.origin}/export/1?format=text`);
        expect(res.status()).toBe(401);
        expect(await res.text()).not.toContain('secret line');
      } finally {
        await stranger.close();
      }
    } finally {
      script.kill();
    }
  });
});
