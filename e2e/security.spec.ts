/**
 * Browser mode lets in only a browser that opened a one-time address from the
 * terminal, and only from the interface's own origin; the page's address never
 * holds a secret, and nothing a page or client sends can bring the server down.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './helpers/test.ts';
import { openUi, replyBox, transcript } from './helpers/ui.ts';
import { startServe } from './fixtures/serve.ts';

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
function upgradeStatus(port: number, path: string, headers: Record<string, string>) {
  return new Promise<number>((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port, path,
      headers: {
        Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': Buffer.from('0123456789abcdef').toString('base64'),
        ...headers,
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

/** A GET whose request target is sent exactly as written. */
function rawGet(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function sessionCookie(context: BrowserContext, port: number): Promise<string> {
  const c = (await context.cookies()).find((x) => x.name === `porthole_session_${port}`);
  if (!c) throw new Error('no session cookie');
  return `${c.name}=${c.value}`;
}

const portOf = (origin: string) => Number(new URL(origin).port);

test.describe('signing in', () => {
  test('the one-time address signs in once and leaves no secret in the page address or history', async ({ page, context, porthole }) => {
    const code = new URL(porthole.uiUrl).searchParams.get('code')!;
    expect(code).toMatch(/^[\w-]{43}$/);
    const res = await page.goto(porthole.uiUrl);
    expect(res?.status()).toBe(200);
    // The redirect happened before the page loaded anything.
    expect(res?.request().redirectedFrom()?.url()).toBe(porthole.uiUrl);
    expect(page.url()).toBe(`${porthole.origin}/`);
    await expect(page.getByRole('list', { name: 'Sessions' })).toBeAttached();
    const seen = await page.evaluate(() => ({
      href: location.href,
      search: location.search,
      history: history.length,
      state: JSON.stringify(history.state),
      navigation: performance.getEntriesByType('navigation').map((e) => e.name),
      resources: performance.getEntriesByType('resource').map((e) => e.name),
      referrer: document.referrer,
      cookie: document.cookie,
      storage: JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }),
    }));
    expect(seen.href).toBe(`${porthole.origin}/`);
    expect(seen.search).toBe('');
    // The only entries: the blank page the test began on, and the clean address.
    expect(seen.history).toBe(2);
    expect(JSON.stringify(seen)).not.toContain(code);
    // The session cookie is out of the page's reach.
    expect(seen.cookie).not.toContain('porthole_session');
    const cookies = await context.cookies();
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ name: `porthole_session_${portOf(porthole.origin)}`, path: '/', httpOnly: true, sameSite: 'Strict' });
    expect(cookies[0].value).not.toBe(code);

    await page.goBack();
    expect(page.url()).toBe('about:blank');
    await page.goForward();
    expect(page.url()).toBe(`${porthole.origin}/`);

    // A reload works with the cookie; the address used again does not, even in the same browser.
    expect((await page.reload())?.status()).toBe(200);
    const again = await page.goto(porthole.uiUrl);
    expect(again?.status()).toBe(401);
    await expect(page.locator('body')).toContainText('already been used or has expired');
    await expect(page.locator('body')).toContainText('press Enter in the terminal');
  });

  test('is refused without a sign-in, and says how to get one', async ({ page, porthole }) => {
    const missing = await page.goto(`${porthole.origin}/`);
    expect(missing?.status()).toBe(401);
    await expect(page.locator('body')).toContainText('"UI:" line');
    const made = await page.goto(`${porthole.origin}/?code=${'A'.repeat(43)}`);
    expect(made?.status()).toBe(401);
    const token = await page.goto(`${porthole.origin}/?token=${'A'.repeat(43)}`);
    expect(token?.status()).toBe(401);
  });

  test('Enter in the terminal gives a second browser its own address; the first stays signed in', async ({ page, porthole, browser }) => {
    await openUi(page, porthole.uiUrl);
    const second = await browser.newContext();
    try {
      const other = await second.newPage();
      // The first address is spent.
      expect((await other.goto(porthole.uiUrl))?.status()).toBe(401);
      const fresh = await porthole.freshUiUrl();
      expect(fresh).not.toBe(porthole.uiUrl);
      await openUi(other, fresh);
      await expect(other.getByText(`127.0.0.1:${porthole.listenPort}`).first()).toBeVisible();
      expect((await page.reload())?.status()).toBe(200);
      await expect(page.getByText(`127.0.0.1:${porthole.listenPort}`).first()).toBeVisible();
    } finally {
      await second.close();
    }
  });

  test('is served under a strict Content-Security-Policy, and runs under it', async ({ page, porthole }) => {
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
    await expect(page.locator('#root')).not.toBeEmpty();
    await expect(page.getByText(`127.0.0.1:${porthole.listenPort}`).first()).toBeVisible();
    expect(violations).toEqual([]);
  });

  test('paths that try to reach the page or other files around the sign-in find nothing', async ({ page, context, porthole }) => {
    await openUi(page, porthole.uiUrl);
    const port = portOf(porthole.origin);
    const cookie = await sessionCookie(context, port);
    const paths = [
      '/index.html', '/%69ndex.html', '/index.html/', '//index.html', '/./index.html', '/..%2frenderer%2findex.html',
      '/assets/..%2findex.html', '/assets/%252e%252e/index.html', '/%5cindex.html', '/assets\\..\\index.html',
      '/index.html%00', '/%2e%2e/%2e%2e/etc/passwd', '/../../etc/passwd', '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      `/${'x'.repeat(5000)}`, '/main/index.js', '/../main/index.js', '/assets/../../package.json',
    ];
    for (const path of paths) {
      for (const headers of [{}, { Cookie: cookie }] as Record<string, string>[]) {
        const res = await rawGet(port, path, headers);
        expect([400, 401, 404, 414], `${path} ${JSON.stringify(headers)}`).toContain(res.status);
        expect(res.body).not.toContain('<div id="root">');
        expect(res.body).not.toContain('root:');
      }
    }
  });

  test('--open hands the browser a private file that signs it in, and never the address', async ({ page }) => {
    test.skip(process.platform !== 'linux', 'the stand-in for xdg-open is a Linux shell script');
    const bin = mkdtempSync(join(tmpdir(), 'porthole-fake-open-'));
    const record = join(bin, 'record');
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh
f="\${1#file://}"
{ printf 'ARGS:%s\\n' "$*"; printf 'MODE:'; stat -c %a "$f"; cat "$f" > "${bin}/copy.html"; } > "${record}.tmp"
mv "${record}.tmp" "${record}"
`);
    chmodSync(join(bin, 'xdg-open'), 0o755);
    const server = await startServe(['--open'], 30_000, { ...process.env, PATH: `${bin}:${process.env.PATH}` });
    try {
      await expect.poll(() => existsSync(record)).toBe(true);
      const text = readFileSync(record, 'utf8');
      const arg = /^ARGS:(.*)$/m.exec(text)![1];
      expect(arg).toMatch(/^file:\/\/\/\S+\.html$/);
      expect(arg).not.toMatch(/code=|127\.0\.0\.1/);
      expect(/^MODE:(\d+)$/m.exec(text)![1]).toBe('600');
      // The browser opens the file, as the desktop would: it ends up signed in on a clean address.
      await page.goto(`file://${join(bin, 'copy.html')}`);
      await expect(page).toHaveURL(`${server.origin}/`);
      await expect(page.getByText(`127.0.0.1:${server.listenPort}`).first()).toBeVisible();
      // The launcher's code is spent; the printed address is a different one and still works once.
      const launched = /location\.replace\("([^"]+)"\)/.exec(readFileSync(join(bin, 'copy.html'), 'utf8'))![1];
      expect(launched).not.toBe(server.uiUrl);
      expect((await rawGet(portOf(server.origin), new URL(launched).pathname + new URL(launched).search)).status).toBe(401);
      expect((await rawGet(portOf(server.origin), new URL(server.uiUrl).pathname + new URL(server.uiUrl).search)).status).toBe(303);
    } finally {
      await server.stop();
      rmSync(bin, { recursive: true, force: true });
    }
  });
});

test.describe('the WebSocket', () => {
  test('is refused without the cookie or with a wrong one, from the interface origin', async ({ page, context, porthole }) => {
    const port = portOf(porthole.origin);
    const ws = `ws://127.0.0.1:${port}/ws`;
    // The 401 page is on the interface's origin but holds no cookie.
    await page.goto(`${porthole.origin}/`);
    expect(await tryWebSocket(page, ws)).toBe('refused');
    await context.addCookies([{ name: `porthole_session_${port}`, value: 'A'.repeat(43), url: porthole.origin }]);
    expect(await tryWebSocket(page, ws)).toBe('refused');
    await openUi(page, porthole.uiUrl);
    expect(await tryWebSocket(page, ws)).toBe('open');
    expect(await tryWebSocket(page, `ws://localhost:${port}/ws`)).toBe('refused');

    const cookie = await sessionCookie(context, port);
    expect(await upgradeStatus(port, '/ws', { Origin: porthole.origin })).toBe(401);
    expect(await upgradeStatus(port, '/ws', { Origin: porthole.origin, Cookie: `porthole_session_${port}=wrong` })).toBe(401);
    expect(await upgradeStatus(port, `/ws?token=${cookie.split('=')[1]}`, { Origin: porthole.origin })).toBe(401);
    expect(await upgradeStatus(port, '/ws', { Origin: porthole.origin, Cookie: cookie })).toBe(101);
  });

  test('is refused to another origin even with the cookie', async ({ page, context, porthole }) => {
    await openUi(page, porthole.uiUrl);
    const port = portOf(porthole.origin);
    const cookie = await sessionCookie(context, port);
    const foreign: Server = createServer((_req, res) => res.end('<!doctype html><title>another site</title>'));
    await new Promise<void>((r) => foreign.listen(0, '127.0.0.1', r));
    try {
      const foreignPort = (foreign.address() as { port: number }).port;
      // Same browser context: the cookie is there, but the Origin gives the page away.
      await page.goto(`http://127.0.0.1:${foreignPort}/`);
      expect(await tryWebSocket(page, `ws://127.0.0.1:${port}/ws`)).toBe('refused');
      await page.goto(`http://localhost:${foreignPort}/`);
      expect(await tryWebSocket(page, `ws://localhost:${port}/ws`)).toBe('refused');

      expect(await upgradeStatus(port, '/ws', { Origin: `http://127.0.0.1:${foreignPort}`, Cookie: cookie })).toBe(403);
      expect(await upgradeStatus(port, '/ws', { Origin: 'https://evil.example', Cookie: cookie })).toBe(403);
      expect(await upgradeStatus(port, '/ws', { Cookie: cookie })).toBe(403);
      expect(await upgradeStatus(port, '/ws', { Origin: porthole.origin, Cookie: cookie, Host: `evil.example:${port}` })).toBe(421);
    } finally {
      foreign.close();
    }
  });
});

test.describe('export', () => {
  test('downloads from the interface with the cookie alone, and is refused to anyone without it', async ({ page, porthole }) => {
    const script = spawn('python3', ['-c', [
      'import socket, time',
      `s = socket.create_connection(("127.0.0.1", ${porthole.listenPort}))`,
      'f = s.makefile("w", buffering=1)',
      'print("secret line", file=f, flush=True)',
      'time.sleep(30)',
    ].join('\n')]);
    try {
      await openUi(page, porthole.uiUrl);
      await expect(page.getByText('secret line', { exact: true })).toBeVisible();
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: /export text/i }).click();
      const file = await (await download).path();
      expect(readFileSync(file, 'utf8')).toContain('secret line');
      // No secret in the download's address.
      expect((await download).url()).toBe(`${porthole.origin}/export/1?format=text`);

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

test.describe('a large paste', () => {
  test('a 9 MB single-line reply reaches the script whole and byte-exact', async ({ page, porthole, python }) => {
    test.setTimeout(120_000);
    await openUi(page, porthole.uiUrl);
    const script = python.run('big_paste.py', [porthole.listenPort]);
    await script.waitForStdout('connected');
    await expect(page.locator('#reply-prompt')).toContainText('Paste here:');
    // Not only ASCII: characters of two, three and four bytes, some across the pieces' edges.
    const unit = 'abcdefghij'.repeat(9) + 'é€😀\t"\\';
    let text = unit.repeat(Math.ceil((9 << 20) / Buffer.byteLength(unit)));
    text = text.slice(0, text.length - 1);
    const bytes = Buffer.from(text, 'utf8');
    expect(bytes.length).toBeGreaterThan(9 << 20);
    const box = replyBox(page);
    await box.fill(text);
    await box.press('Enter');
    await expect(box).toHaveValue('', { timeout: 30_000 });
    await script.waitForStdout(/received \d+ bytes/, 60_000);
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(script.stdout()).toContain(`received ${bytes.length} bytes sha256 ${sha} newline True`);
    await expect(transcript(page)).toContainText(`got ${bytes.length} bytes`, { timeout: 30_000 });
    expect(porthole.alive()).toBe(true);
  });
});
