/**
 * Browser mode: the built renderer and a WebSocket bridge to the core, on
 * 127.0.0.1 only, behind a random token. The page at `/?token=…` sets a cookie
 * so reloads keep working once the page has dropped the token from its address.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { EXPORT_PATH, WS_PATH } from '../../shared/ws-protocol.ts';
import type { ExportFormat } from '../../shared/types.ts';
import type { CoreService } from '../core/service-api.ts';
import { allowedOrigins, cookieName, createToken, hostAllowed, requestToken, tokensEqual } from './access.ts';
import { setSecurityHeaders } from './headers.ts';
import { resolveStatic, sendFile } from './static-files.ts';
import { DEFAULT_BACKPRESSURE, serveClient, type Backpressure } from './ws-client.ts';

export interface WebServerOptions {
  service: CoreService;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token (tests); default: a fresh random one. */
  token?: string;
  backpressure?: Backpressure;
}

export interface WebServer {
  port: number;
  token: string;
  /** The address to open, token included. */
  url: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
/** A `session:send` carries at most 1 MiB of text; JSON escaping can grow it several times. */
const MAX_MESSAGE_BYTES = 8 << 20;

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const token = opts.token ?? createToken();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
  let port = 0;

  const authorised = (req: IncomingMessage, url: URL) => tokensEqual(token, requestToken(req, url, port));

  const refuse = (res: ServerResponse, status: number, text: string) => {
    res.statusCode = status;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.end(text + '\n');
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    setSecurityHeaders(res, port);
    if (!hostAllowed(req, port)) return refuse(res, 421, 'Porthole answers only on 127.0.0.1 and localhost.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed.');
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);

    if (url.pathname === '/' || url.pathname === '/index.html') {
      if (!authorised(req, url)) {
        return refuse(res, 401, 'Porthole needs its access token: open the address printed on the "UI:" line.');
      }
      res.setHeader('Set-Cookie', `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`);
      if (!(await sendFile(res, join(opts.rendererDir, 'index.html'), 'no-cache'))) {
        refuse(res, 500, 'The interface is not built: run `npm run build`.');
      }
      return;
    }

    if (url.pathname.startsWith(EXPORT_PATH)) {
      if (!authorised(req, url)) return refuse(res, 401, 'Access token required.');
      return exportTranscript(url, res);
    }

    // Built assets carry no session data and have hashed names, so they need no token.
    const file = resolveStatic(opts.rendererDir, url.pathname);
    if (!file || !(await sendFile(res, file, url.pathname.startsWith('/assets/') ? 'immutable' : 'no-cache'))) {
      refuse(res, 404, 'Not found.');
    }
  };

  const exportTranscript = async (url: URL, res: ServerResponse) => {
    const idText = url.pathname.slice(EXPORT_PATH.length);
    const format = (url.searchParams.get('format') ?? 'text') as ExportFormat;
    if (!/^\d{1,15}$/.test(idText) || (format !== 'text' && format !== 'jsonl')) {
      return refuse(res, 400, 'Usage: /export/SESSION_ID?format=text|jsonl');
    }
    const id = Number(idText);
    let name: string;
    try {
      name = opts.service.exportFileName(id, format);
    } catch (err) {
      return refuse(res, 404, (err as Error).message);
    }
    res.statusCode = 200;
    res.setHeader('Content-Type', format === 'text' ? 'text/plain; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
    res.setHeader('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`);
    res.setHeader('Cache-Control', 'no-store');
    try {
      await opts.service.exportSession(id, format, res);
      res.end();
    } catch (err) {
      // Headers are gone once bytes flowed; cutting the connection marks the download as failed.
      if (res.headersSent) res.destroy(err as Error);
      else refuse(res, 500, (err as Error).message);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) refuse(res, 500, String(err));
      else res.destroy();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const reject = (status: number, reason: string) => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
    if (url.pathname !== WS_PATH) return reject(404, 'Not Found');
    if (!hostAllowed(req, port)) return reject(421, 'Misdirected Request');
    // Another page in the same browser can open a WebSocket to us; its Origin gives it away.
    if (!allowedOrigins(port).includes(req.headers.origin ?? '')) return reject(403, 'Forbidden');
    if (!authorised(req, url)) return reject(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => serveClient(ws, opts.service, opts.backpressure ?? DEFAULT_BACKPRESSURE));
  });

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, HOST, () => {
      server.off('error', fail);
      done();
    });
  });
  port = (server.address() as { port: number }).port;

  return {
    port,
    token,
    url: `http://${HOST}:${port}/?token=${token}`,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
