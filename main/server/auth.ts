// Runs in the headless server. Reads the start-up token from where a request may carry it; it
// must never log or echo the token, and compares it in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const TOKEN_COOKIE = 'benchphant_token';

/**
 * Where a credential may come from; each kind of request accepts only some of them. `cookie` is
 * the start-up token's cookie, `session` the login cookie of an account (a JWT).
 */
export type Credential = 'bearer' | 'basic' | 'query' | 'cookie' | 'session';

/** REST accepts headers only: a cookie would let any page the browser visits call the API. */
export const API_CREDENTIALS: readonly Credential[] = ['bearer', 'basic'];
/** Opening the page and WebSocket upgrades: the browser cannot set a header on either. */
export const PAGE_CREDENTIALS: readonly Credential[] = ['bearer', 'query', 'cookie', 'session'];

// Hashing first gives both sides the same length, so timingSafeEqual never leaks the length.
const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export function tokenMatches(expected: string, candidate: string | null): boolean {
  if (candidate === null || candidate === '') return false;
  return timingSafeEqual(digest(expected), digest(candidate));
}

export function bearerToken(headers: IncomingHttpHeaders): string | null {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(headers.authorization ?? '');
  return match?.[1] ?? null;
}

export function cookieToken(headers: IncomingHttpHeaders, name = TOKEN_COOKIE): string | null {
  for (const part of (headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return null;
    }
  }
  return null;
}

export function sessionCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}
