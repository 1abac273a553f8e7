/**
 * Who may use browser mode. The terminal prints a one-time address (`/?code=…`);
 * the browser that opens it first trades the code for an HttpOnly cookie holding
 * the session secret, and everything after that (the page, the WebSocket, exports)
 * is authorised by that cookie alone. Codes are short-lived and single-use, so an
 * address left in shell history, a screenshot or a browser's history opens nothing.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** 32 random bytes (256 bits), URL-safe: 43 characters. */
export function createSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** What a secret looks like; anything else read from a cookie or a file is not one. */
export const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function secretsEqual(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Cookies are shared by every port of a host, so the name carries the port. */
export function cookieName(port: number): string {
  return `porthole_session_${port}`;
}

/** A browser sends few cookies to 127.0.0.1; past this many a header is not worth reading further. */
const MAX_COOKIE_PARTS = 200;

/**
 * Every value of cookie `name` in a Cookie header (a browser may send the same name
 * twice, for different paths or domains). Never throws: values are compared as sent,
 * not percent-decoded, because a secret is plain base64url.
 */
export function cookieValues(header: string | string[] | undefined, name: string): string[] {
  const text = Array.isArray(header) ? header.join('; ') : header;
  if (typeof text !== 'string' || text.length === 0) return [];
  const values: string[] = [];
  let start = 0;
  for (let parts = 0; start <= text.length && parts < MAX_COOKIE_PARTS; parts++) {
    let end = text.indexOf(';', start);
    if (end === -1) end = text.length;
    const part = text.slice(start, end);
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      let value = part.slice(eq + 1).trim();
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
      values.push(value);
    }
    start = end + 1;
  }
  return values;
}

/** True when the request carries the session cookie with the right secret. */
export function hasSession(req: IncomingMessage, port: number, secret: string): boolean {
  // Check every candidate, without stopping early, so timing says nothing about which matched.
  let ok = false;
  for (const value of cookieValues(req.headers.cookie, cookieName(port))) {
    if (secretsEqual(secret, value)) ok = true;
  }
  return ok;
}

export interface CookieOptions {
  /** Keep the cookie across browser restarts (with a persistent secret). */
  persistent: boolean;
}

/** 400 days, the longest lifetime browsers grant a cookie. */
const PERSISTENT_MAX_AGE_S = 400 * 24 * 60 * 60;

export function sessionCookie(port: number, secret: string, opts: CookieOptions): string {
  return `${cookieName(port)}=${secret}; Path=/; HttpOnly; SameSite=Strict${opts.persistent ? `; Max-Age=${PERSISTENT_MAX_AGE_S}` : ''}`;
}

/** The origins the UI is served from (both names of loopback). */
export function allowedOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/** Host header check: a DNS-rebinding page gets its own host name here, not ours. */
export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

export type Redeemed = 'ok' | 'invalid';

/**
 * One-time codes for the `UI:` address. Kept only as hashes, so the map's lookup
 * time reveals nothing about a guessed code; each is forgotten once used or old.
 */
export class OneTimeCodes {
  private readonly codes = new Map<string, number>();

  constructor(
    /** A code unused for this long no longer works. */
    readonly lifetimeMs = 10 * 60_000,
    /** Codes outstanding at once; minting another drops the oldest. */
    readonly max = 32,
    private readonly now: () => number = Date.now,
  ) {}

  get outstanding(): number {
    this.prune();
    return this.codes.size;
  }

  mint(): string {
    this.prune();
    const code = createSecret();
    this.codes.set(hash(code), this.now());
    while (this.codes.size > this.max) this.codes.delete(this.codes.keys().next().value!);
    return code;
  }

  /** 'ok' exactly once for a code minted less than `lifetimeMs` ago; the code is gone afterwards either way. */
  redeem(code: string): Redeemed {
    this.prune();
    if (!SECRET_PATTERN.test(code)) return 'invalid';
    const key = hash(code);
    if (!this.codes.has(key)) return 'invalid';
    this.codes.delete(key);
    return 'ok';
  }

  private prune(): void {
    const oldest = this.now() - this.lifetimeMs;
    for (const [key, at] of this.codes) {
      if (at > oldest) break;
      this.codes.delete(key);
    }
  }
}

function hash(code: string): string {
  return createHash('sha256').update(code).digest('base64url');
}
