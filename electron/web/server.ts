/**
 * Browser mode: the built renderer and a WebSocket bridge to the core, on
 * 127.0.0.1 only. The terminal prints a one-time address; opening it trades the
 * code for a session cookie and redirects to a clean `/`, and from then on the
 * cookie alone opens the page, the WebSocket and exports (see access.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { EXPORT_PATH, WS_PATH } from '../../shared/ws-protocol.ts';
import type { ExportFormat } from '../../shared/types.ts';
import type { CoreService } from '../core/service-api.ts';
import { allowedOrigins, createSecret, hasSession, hostAllowed, OneTimeCodes, sessionCookie } from './access.ts';
import { setSecurityHeaders } from './headers.ts';
import { publicFile, requestPath, requestQuery, sendFile } from './static-files.ts';
import { DEFAULT_BACKPRESSURE, explainProtocolCloses, serveClient, type Backpressure } from './ws-client.ts';

export interface WebServerOptions {
  service: CoreService;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /**
   * The secret the session cookie holds. Given, it is persistent (a stable `--ui-port`
   * keeps it in the data directory) and the cookie outlives the browser session;
   * default: a fresh random one for this run.
   */
  secret?: string;
  /** How long a one-time code works; default 10 minutes. */
  codeLifetimeMs?: number;
  backpressure?: Backpressure;
}

export interface WebServer {
  port: number;
  /** The first one-time address to open. */
  url: string;
  /** Another one-time address (for another browser, or after the first expired). */
  freshUrl(): string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
/**
 * A `session:send` carries at most 1 MiB of text; JSON escaping grows it at most six
 * times (`\u001b`), so this admits any valid command and refuses anything larger.
 */
export const MAX_MESSAGE_BYTES = 8 << 20;

export const NEED_LOGIN = 'Porthole: sign-in needed. Open the one-time address printed on the "UI:" line of `porthole serve`.\n'
  + 'For a fresh address, press Enter in the terminal where `porthole serve` runs.';
export const CODE_REFUSED = 'Porthole: this one-time address has already been used or has expired.\n'
  + 'Get a fresh one: press Enter in the terminal where `porthole serve` runs, and open the new "UI:" address.';

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const secret = opts.secret ?? createSecret();
  const persistent = opts.secret !== undefined;
  const codes = new OneTimeCodes(opts.codeLifetimeMs);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
  let port = 0;

  const authorised = (req: IncomingMessage) => hasSession(req, port, secret);

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
    const head = req.method === 'HEAD';
    const path = requestPath(req.url);
    if (path === null) return refuse(res, 404, 'Not found.');

    if (path === '/') return page(req, res, head);
    if (path.startsWith(EXPORT_PATH)) {
      if (!authorised(req)) return refuse(res, 401, NEED_LOGIN);
      return exportTranscript(path, requestQuery(req.url), res);
    }
    // Built assets carry no session data and have hashed names, so they need no cookie.
    const file = publicFile(opts.rendererDir, path);
    if (!file || !(await sendFile(res, file, path.startsWith('/assets/') ? 'immutable' : 'no-cache', head))) {
      refuse(res, 404, 'Not found.');
    }
  };

  const page = async (req: IncomingMessage, res: ServerResponse, head: boolean) => {
    const code = requestQuery(req.url).get('code');
    if (code !== null) {
      // HEAD (link checkers, previews) never uses up a code.
      if (head) return refuse(res, 401, CODE_REFUSED);
      if (codes.redeem(code) !== 'ok') return refuse(res, 401, CODE_REFUSED);
      res.statusCode = 303;
      res.setHeader('Set-Cookie', sessionCookie(port, secret, { persistent }));
      res.setHeader('Location', '/');
      res.setHeader('Cache-Control', 'no-store');
      return res.end();
    }
    if (!authorised(req)) {
      // A redirect chain that began on another site (the `--open` launcher is a file://
      // page) does not carry a SameSite=Strict cookie; one hop started from this origin does.
      if (req.headers['sec-fetch-site'] === 'cross-site' && req.headers['sec-fetch-mode'] === 'navigate') return bounce(res);
      return refuse(res, 401, NEED_LOGIN);
    }
    if (!(await sendFile(res, join(opts.rendererDir, 'index.html'), 'no-store', head))) {
      refuse(res, 500, 'The interface is not built: run `npm run build`.');
    }
  };

  const bounce = (res: ServerResponse) => {
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.end('<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=/"><title>Porthole</title><p>Opening Porthole…</p>\n');
  };

  const exportTranscript = async (path: string, query: URLSearchParams, res: ServerResponse) => {
    const idText = path.slice(EXPORT_PATH.length);
    const format = (query.get('format') ?? 'text') as ExportFormat;
    if (!/^\d{1,15}$/.test(idText) || (format !== 'text' && format !== 'jsonl' && format !== 'report')) {
      return refuse(res, 400, 'Usage: /export/SESSION_ID?format=text|jsonl|report');
    }
    const id = Number(idText);
    let name: string;
    try {
      name = opts.service.exportFileName(id, format);
    } catch (err) {
      return refuse(res, 404, (err as Error).message);
    }
    res.statusCode = 200;
    res.setHeader('Content-Type', format === 'text' ? 'text/plain; charset=utf-8' : format === 'report' ? 'text/markdown; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
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
  // Accepting can fail (EMFILE); the server keeps going and tries again with the next connection.
  const onServerError = (err: Error) => process.stderr.write(`porthole: interface server: ${err.message}\n`);

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node takes its own error listener off a socket it hands to 'upgrade'.
    socket.on('error', () => socket.destroy());
    const reject = (status: number, reason: string) => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (requestPath(req.url) !== WS_PATH) return reject(404, 'Not Found');
    if (!hostAllowed(req, port)) return reject(421, 'Misdirected Request');
    // Another page in the same browser can open a WebSocket to us; its Origin gives it away.
    if (!allowedOrigins(port).includes(req.headers.origin ?? '')) return reject(403, 'Forbidden');
    if (!authorised(req)) return reject(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => {
      explainProtocolCloses(ws, MAX_MESSAGE_BYTES);
      serveClient(ws, opts.service, opts.backpressure ?? DEFAULT_BACKPRESSURE);
    });
  });

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, HOST, () => {
      server.off('error', fail);
      done();
    });
  });
  server.on('error', onServerError);
  port = (server.address() as { port: number }).port;

  const freshUrl = () => `http://${HOST}:${port}/?code=${codes.mint()}`;
  return {
    port,
    url: freshUrl(),
    freshUrl,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
