/**
 * Test helpers for browser mode at the wire level: signing in with a one-time
 * address, and raw TCP WebSocket connections that send hand-made frames (the ws
 * package refuses to build broken ones), with the broken messages a hostile or
 * buggy client could send and what the server must answer to each.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';

/** Opens a one-time address; resolves with the `name=value` of the session cookie it sets. */
export function login(oneTimeUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(oneTimeUrl, (res) => {
      res.resume();
      const set = res.headers['set-cookie']?.[0];
      if (res.statusCode !== 303 || !set) return reject(new Error(`sign-in answered ${res.statusCode}`));
      resolve(set.split(';')[0]);
    });
    req.on('error', reject);
    req.end();
  });
}

export interface FrameOptions {
  fin?: boolean;
  /** RSV1..3 as bits 0b100, 0b010, 0b001. */
  rsv?: number;
  masked?: boolean;
  /** Announce this payload length instead of the real one (the payload is sent as given). */
  announce?: number;
}

/** One WebSocket frame as a client sends it (masked unless told otherwise). */
export function frame(opcode: number, payload: Buffer | string, opts: FrameOptions = {}): Buffer {
  const data = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
  const masked = opts.masked ?? true;
  const length = opts.announce ?? data.length;
  const head: number[] = [((opts.fin ?? true) ? 0x80 : 0) | ((opts.rsv ?? 0) << 4) | opcode];
  const maskBit = masked ? 0x80 : 0;
  if (length < 126) head.push(maskBit | length);
  else if (length < 0x10000) head.push(maskBit | 126, length >> 8, length & 0xff);
  else {
    head.push(maskBit | 127);
    const big = Buffer.alloc(8);
    big.writeBigUInt64BE(BigInt(length));
    head.push(...big);
  }
  if (!masked) return Buffer.concat([Buffer.from(head), data]);
  const key = randomBytes(4);
  const body = Buffer.alloc(data.length);
  for (let i = 0; i < data.length; i++) body[i] = data[i] ^ key[i & 3];
  return Buffer.concat([Buffer.from(head), key, body]);
}

export const text = (s: string | Buffer, opts?: FrameOptions) => frame(0x1, s, opts);

/** What the server did with a raw connection: the text messages it sent, and how it closed. */
export interface RawOutcome {
  messages: string[];
  /** Status code and reason of the server's close frame, if it sent one. */
  close?: { code: number; reason: string };
  /** The TCP connection ended (with or without a close frame). */
  ended: boolean;
}

export interface RawClient {
  socket: Socket;
  send(bytes: Buffer): void;
  /** Resolves once a message matches, the server closes, or `ms` pass. */
  until(pred: (o: RawOutcome) => boolean, ms?: number): Promise<RawOutcome>;
  destroy(): void;
}

/** A raw TCP connection upgraded to a WebSocket at `/ws`; rejects with the status line if refused. */
export function rawWebSocket(port: number, headers: Record<string, string>, path = '/ws'): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const outcome: RawOutcome = { messages: [], ended: false };
    let buf: Buffer = Buffer.alloc(0);
    let upgraded = false;
    const waiters = new Set<() => void>();
    const notify = () => {
      for (const w of [...waiters]) w();
    };
    socket.on('error', (err) => {
      if (!upgraded) reject(err);
      outcome.ended = true;
      notify();
    });
    socket.on('close', () => {
      outcome.ended = true;
      if (!upgraded) reject(new Error(`closed before the upgrade: ${buf.toString('latin1').split('\r\n')[0]}`));
      notify();
    });
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end === -1) return;
        const status = buf.subarray(0, buf.indexOf('\r\n')).toString('latin1');
        buf = buf.subarray(end + 4);
        if (!/^HTTP\/1\.1 101 /.test(status)) {
          socket.destroy();
          return reject(new Error(status));
        }
        upgraded = true;
        resolve(client);
      }
      buf = parseFrames(buf, outcome);
      notify();
    });
    const client: RawClient = {
      socket,
      send: (bytes) => {
        if (!socket.destroyed) socket.write(bytes);
      },
      until: (pred, ms = 5_000) => new Promise((done) => {
        const check = () => {
          if (pred(outcome) || outcome.ended) finish();
        };
        const finish = () => {
          waiters.delete(check);
          clearTimeout(timer);
          done(outcome);
        };
        const timer = setTimeout(finish, ms);
        waiters.add(check);
        check();
      }),
      destroy: () => socket.destroy(),
    };
    const key = randomBytes(16).toString('base64');
    const lines = [
      `GET ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Connection: Upgrade', 'Upgrade: websocket',
      'Sec-WebSocket-Version: 13', `Sec-WebSocket-Key: ${key}`,
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

/** Reads whole server frames off `buf` into `outcome`; returns what is left. */
function parseFrames(buf: Buffer, outcome: RawOutcome): Buffer {
  for (;;) {
    if (buf.length < 2) return buf;
    const opcode = buf[0] & 0x0f;
    let len = buf[1] & 0x7f;
    let at = 2;
    if (len === 126) {
      if (buf.length < 4) return buf;
      len = buf.readUInt16BE(2);
      at = 4;
    } else if (len === 127) {
      if (buf.length < 10) return buf;
      len = Number(buf.readBigUInt64BE(2));
      at = 10;
    }
    if (buf.length < at + len) return buf;
    const payload = buf.subarray(at, at + len);
    if (opcode === 0x1) outcome.messages.push(payload.toString('utf8'));
    if (opcode === 0x8) outcome.close = { code: len >= 2 ? payload.readUInt16BE(0) : 1005, reason: payload.subarray(2).toString('utf8') };
    buf = buf.subarray(at + len);
  }
}

export interface HostileCase {
  name: string;
  frames(): Buffer[];
  /** A close frame with this code (and a reason matching), or an error result matching. */
  expect: { close: number; reason?: RegExp } | { error: RegExp };
}

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const invoke = (body: string) => `{"t":"invoke","n":7,${body}}`;

/** Everything a client could send that must not hurt the server, and the answer due to each. */
export function hostileCases(maxMessageBytes: number): HostileCase[] {
  return [
    { name: 'a frame over the size limit', frames: () => [text(Buffer.alloc(1024, 0x61), { announce: maxMessageBytes + 1 })], expect: { close: 1009, reason: new RegExp(`message too big: at most ${maxMessageBytes} bytes`) } },
    { name: 'a message over the limit in fragments', frames: () => [text(Buffer.alloc(maxMessageBytes - 10, 0x61), { fin: false }), frame(0x0, Buffer.alloc(100, 0x61))], expect: { close: 1009, reason: /message too big/ } },
    { name: 'a reserved opcode', frames: () => [frame(0x3, 'x')], expect: { close: 1002, reason: /protocol error/ } },
    { name: 'a reserved control opcode', frames: () => [frame(0xb, 'x')], expect: { close: 1002 } },
    { name: 'an unmasked client frame', frames: () => [text('{"t":"invoke","n":1,"cmd":"app:info","args":null}', { masked: false })], expect: { close: 1002 } },
    { name: 'invalid UTF-8 in a text frame', frames: () => [text(Buffer.from([0x7b, 0xff, 0xfe, 0xc0, 0x80, 0x7d]))], expect: { close: 1007, reason: /UTF-8/ } },
    { name: 'RSV1 set without an extension', frames: () => [text('{}', { rsv: 0b100 })], expect: { close: 1002 } },
    { name: 'RSV2 and RSV3 set', frames: () => [text('{}', { rsv: 0b011 })], expect: { close: 1002 } },
    { name: 'a fragmented ping', frames: () => [frame(0x9, 'x', { fin: false })], expect: { close: 1002 } },
    { name: 'a continuation with nothing to continue', frames: () => [frame(0x0, 'x')], expect: { close: 1002 } },
    { name: 'a binary frame', frames: () => [frame(0x2, Buffer.from([1, 2, 3]))], expect: { close: 1003, reason: /binary/ } },
    { name: 'malformed JSON', frames: () => [text('{"t":"invoke",')], expect: { close: 1003, reason: /JSON/ } },
    { name: '100k-deep JSON', frames: () => [text(deep(100_000))], expect: { close: 1008, reason: /unknown message/ } },
    { name: '100k-deep JSON as an argument', frames: () => [text(invoke(`"cmd":"session:send","args":{"id":1,"text":${deep(100_000)},"ending":"lf"}`))], expect: { error: /'text' must be a string/ } },
    { name: 'a message that is not an object', frames: () => [text('42')], expect: { close: 1008 } },
    { name: 'an array', frames: () => [text('[{"t":"invoke","n":1}]')], expect: { close: 1008 } },
    { name: 'an unknown command', frames: () => [text(invoke('"cmd":"fs:read","args":{"path":"/etc/passwd"}'))], expect: { error: /unknown command 'fs:read'/ } },
    { name: 'a command that is not a string', frames: () => [text(invoke('"cmd":{"toString":1},"args":null'))], expect: { error: /unknown command/ } },
    { name: 'arguments of the wrong types', frames: () => [text(invoke('"cmd":"session:rows","args":{"id":"1","from":-1,"to":1e400}'))], expect: { error: /'id' must be a non-negative integer/ } },
    { name: 'arguments that are not an object', frames: () => [text(invoke('"cmd":"session:rows","args":[1,2,3]'))], expect: { error: /arguments must be an object/ } },
    { name: 'a huge field name', frames: () => [text(invoke(`"cmd":"session:eof","args":{"${'k'.repeat(1 << 20)}":1}`))], expect: { error: /unexpected field/ } },
    { name: 'text over the core limit', frames: () => [text(invoke(`"cmd":"session:send","args":{"id":1,"text":"${'x'.repeat((1 << 20) + 1)}","ending":"lf"}`))], expect: { error: /'text' must be at most/ } },
  ];
}

/** Waits for the outcome a hostile case is due; returns a description of what happened instead, or null. */
export async function checkHostile(client: RawClient, c: HostileCase): Promise<string | null> {
  for (const f of c.frames()) client.send(f);
  const want = c.expect;
  const got = await client.until((o) => ('close' in want ? o.close !== undefined : o.messages.length > 0), 10_000);
  if ('close' in want) {
    if (!got.close) return `no close frame (ended: ${got.ended}, messages: ${got.messages.join(' | ').slice(0, 200)})`;
    if (got.close.code !== want.close) return `closed with ${got.close.code} '${got.close.reason}', not ${want.close}`;
    if (want.reason && !want.reason.test(got.close.reason)) return `close reason '${got.close.reason}' does not match ${want.reason}`;
    return null;
  }
  const m = got.messages.map((s) => JSON.parse(s) as { t: string; n?: number; error?: string }).find((x) => x.t === 'result');
  if (!m) return `no result (close: ${JSON.stringify(got.close)}, ended: ${got.ended})`;
  if (typeof m.error !== 'string' || !want.error.test(m.error)) return `result ${JSON.stringify(m).slice(0, 300)} does not match ${want.error}`;
  return null;
}
