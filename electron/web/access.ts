/**
 * Who may use browser mode: whoever holds the random token printed on the `UI:`
 * line, from a page of the UI's own origin. Anything else on the machine (another
 * tab, another user's process) can reach 127.0.0.1 but cannot guess the token.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** 32 random bytes (256 bits), URL-safe. */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokensEqual(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Cookies are shared by every port of a host, so the name carries the port. */
export function cookieName(port: number): string {
  return `porthole_token_${port}`;
}

export function readCookie(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
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

/** The token of a request: `?token=` first, else the cookie set when the page was loaded. */
export function requestToken(req: IncomingMessage, url: URL, port: number): string | null {
  return url.searchParams.get('token') ?? readCookie(req, cookieName(port));
}
