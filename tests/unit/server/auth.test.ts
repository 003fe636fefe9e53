import { describe, expect, it } from 'vitest';
import {
  API_CREDENTIALS,
  authenticate,
  bearerToken,
  cookieToken,
  PAGE_CREDENTIALS,
  sessionCookie,
  tokenMatches,
} from '../../../main/server/auth';

const TOKEN = 's3cr3t-token';

describe('tokenMatches', () => {
  it('accepts only the exact token', () => {
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    for (const wrong of [null, '', 's3cr3t-toke', `${TOKEN} `, 'S3CR3T-TOKEN', `${TOKEN}x`]) {
      expect(tokenMatches(TOKEN, wrong), String(wrong)).toBe(false);
    }
  });
});

describe('credential parsing', () => {
  it('reads a Bearer header in any case of the scheme, and nothing else', () => {
    expect(bearerToken({ authorization: `Bearer ${TOKEN}` })).toBe(TOKEN);
    expect(bearerToken({ authorization: `bearer  ${TOKEN}` })).toBe(TOKEN);
    expect(bearerToken({ authorization: `Basic ${TOKEN}` })).toBeNull();
    expect(bearerToken({ authorization: `Bearer ${TOKEN} extra` })).toBeNull();
    expect(bearerToken({})).toBeNull();
  });

  it('reads the token cookie among others, decoding it', () => {
    expect(
      cookieToken({ cookie: `a=1; benchphant_token=${encodeURIComponent('a b;c')}; z=2` }),
    ).toBe('a b;c');
    expect(cookieToken({ cookie: 'xbenchphant_token=nope' })).toBeNull();
    expect(cookieToken({ cookie: 'benchphant_token=%E0%A4%A' })).toBeNull();
    expect(cookieToken({})).toBeNull();
  });

  it('round-trips a token through the session cookie', () => {
    const cookie = sessionCookie('tok=en;1');
    expect(cookie).toMatch(/; HttpOnly; SameSite=Strict; Path=\/$/);
    expect(cookieToken({ cookie: cookie.split('; ')[0] })).toBe('tok=en;1');
  });
});

describe('authenticate', () => {
  const query = (token?: string) => new URLSearchParams(token === undefined ? '' : { token });

  it('accepts the API only by Bearer header', () => {
    expect(
      authenticate(TOKEN, { authorization: `Bearer ${TOKEN}` }, query(), API_CREDENTIALS),
    ).toEqual({ ok: true, via: 'bearer' });
    expect(authenticate(TOKEN, {}, query(TOKEN), API_CREDENTIALS).ok).toBe(false);
    expect(
      authenticate(TOKEN, { cookie: `benchphant_token=${TOKEN}` }, query(), API_CREDENTIALS).ok,
    ).toBe(false);
  });

  it('accepts the page by header, query or cookie, and says which', () => {
    expect(authenticate(TOKEN, {}, query(TOKEN), PAGE_CREDENTIALS)).toEqual({
      ok: true,
      via: 'query',
    });
    expect(
      authenticate(TOKEN, { cookie: `benchphant_token=${TOKEN}` }, query(), PAGE_CREDENTIALS),
    ).toEqual({ ok: true, via: 'cookie' });
    expect(
      authenticate(TOKEN, { cookie: 'benchphant_token=stale' }, query(TOKEN), PAGE_CREDENTIALS),
    ).toEqual({ ok: true, via: 'query' });
    expect(
      authenticate(TOKEN, { cookie: 'benchphant_token=stale' }, query('wrong'), PAGE_CREDENTIALS),
    ).toEqual({ ok: false, via: null });
  });
});
