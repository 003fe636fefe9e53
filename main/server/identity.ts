// Runs in the headless server. Turns a request's credentials into one identity: the start-up
// token (the owner), a JWT, an API key or HTTP Basic. It never logs or echoes a credential.
import type { IncomingHttpHeaders } from 'node:http';
import type { Identity } from '../../shared/contract/call-context';
import type { AccountService } from '../core/accounts/service';
import { bearerToken, cookieToken, type Credential, TOKEN_COOKIE, tokenMatches } from './auth';
import { SESSION_COOKIE } from './session';

export interface IdentitySources {
  /** The start-up token: the owner's credential. */
  token: string;
  accounts: AccountService;
}

export interface Resolved {
  identity: Identity | null;
  /** The credential that matched, so a page load by `?token=` can set the cookie. */
  via: Credential | null;
}

/** `Authorization: Basic base64(user:password)`; null when absent or not readable. */
export function basicCredentials(
  headers: IncomingHttpHeaders,
): { username: string; password: string } | null {
  const match = /^Basic[ \t]+([A-Za-z0-9+/=]+)[ \t]*$/i.exec(headers.authorization ?? '');
  if (!match?.[1]) return null;
  const text = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) return null;
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

/**
 * Owner token, then a login token (JWT), then an API key. Each cookie carries one kind only, and
 * query strings never carry API keys (URLs end up in logs).
 */
async function fromToken(
  sources: IdentitySources,
  value: string | null,
  kind: Credential,
): Promise<Identity | null> {
  if (value === null || value === '') return null;
  if (kind === 'session') return sources.accounts.fromJwt(value);
  if (tokenMatches(sources.token, value)) return { kind: 'owner' };
  if (kind === 'cookie') return null;
  const jwt = await sources.accounts.fromJwt(value);
  if (jwt) return jwt;
  return kind === 'bearer' ? sources.accounts.fromApiKey(value) : null;
}

/**
 * The first accepted credential that proves an identity. Basic checks a password, so a wrong
 * one throws the login limiter's refusal (UNAUTHORIZED, or RATE_LIMITED with a wait).
 */
export async function resolveIdentity(
  sources: IdentitySources,
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
  accepted: readonly Credential[],
  ip: string | undefined,
): Promise<Resolved> {
  for (const kind of accepted) {
    if (kind === 'basic') {
      const basic = basicCredentials(headers);
      if (!basic) continue;
      const identity = await sources.accounts.fromBasic(basic.username, basic.password, ip);
      return { identity, via: kind };
    }
    const value =
      kind === 'bearer'
        ? bearerToken(headers)
        : kind === 'query'
          ? query.get('token')
          : cookieToken(headers, kind === 'session' ? SESSION_COOKIE : TOKEN_COOKIE);
    const identity = await fromToken(sources, value, kind);
    if (identity) return { identity, via: kind };
  }
  return { identity: null, via: null };
}
