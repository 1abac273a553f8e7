/**
 * The rendering peer: a tiny page with xterm.js (the terminal of VS Code, Hyper and
 * Tabby) fed over a WebSocket from a loopback TCP port, so a script's stream reaches it
 * the way it reaches Porthole. The page's "Reply" box sends a line back to the script:
 * the minimal browser-to-script path, the baseline of Enter-to-script latency.
 */
import { createServer, type Server } from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { WebSocketServer, type WebSocket } from 'ws';
import { ROOT } from './proc.ts';

export interface PeerPage {
  url: string;
  /** Scripts connect here; what they send goes to the page. */
  port: number;
  close(): Promise<void>;
}

const page = (scrollback: number) => `<!doctype html>
<html><head><meta charset="utf-8"><title>xterm.js peer</title>
<link rel="stylesheet" href="/xterm.css">
<style>body{margin:0;background:#111} #term{height:680px} textarea{width:90%;height:3em}</style></head>
<body><div id="term"></div><textarea aria-label="Reply"></textarea>
<script src="/xterm.js"></script>
<script>
  const term = new Terminal({ cols: 100, rows: 40, scrollback: ${scrollback}, convertEol: true });
  term.open(document.getElementById('term'));
  const ws = new WebSocket('ws://' + location.host + '/ws');
  ws.binaryType = 'arraybuffer';
  ws.onmessage = (e) => term.write(new Uint8Array(e.data));
  window.peerReady = new Promise((r) => (ws.onopen = r));
  const box = document.querySelector('textarea[aria-label="Reply"]');
  box.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); ws.send(box.value); box.value = ''; }
  });
</script></body></html>`;

export async function startPeerPage(scrollback: number): Promise<PeerPage> {
  const lib = path.join(ROOT, 'node_modules/@xterm/xterm');
  const files: Record<string, [string, string]> = {
    '/xterm.js': [path.join(lib, 'lib/xterm.js'), 'text/javascript'],
    '/xterm.css': [path.join(lib, 'css/xterm.css'), 'text/css'],
  };
  const http: Server = createServer((req, res) => {
    const f = files[req.url ?? ''];
    if (req.url === '/') {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(page(scrollback));
    } else if (f) {
      readFile(f[0]).then((b) => {
        res.setHeader('Content-Type', f[1]);
        res.end(b);
      }, () => ((res.statusCode = 500), res.end()));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  const wss = new WebSocketServer({ server: http, path: '/ws', perMessageDeflate: false });
  const pages = new Set<WebSocket>();
  let script: net.Socket | null = null;
  wss.on('connection', (ws) => {
    pages.add(ws);
    ws.on('close', () => pages.delete(ws));
    ws.on('message', (data) => script?.write(String(data) + '\n'));
  });
  const sockets = new Set<net.Socket>();
  const tcp = net.createServer((s) => {
    sockets.add(s);
    s.setNoDelay(true);
    script = s;
    s.on('data', (chunk) => {
      for (const ws of pages) ws.send(chunk);
    });
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(http.address() as net.AddressInfo).port}/`,
    port: (tcp.address() as net.AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      for (const ws of pages) ws.terminate();
      await new Promise<void>((r) => tcp.close(() => r()));
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
}
