import { afterAll, describe, expect, it } from 'vitest';
import { AccountService } from '../../../main/core/accounts/service';
import { silentLogger } from '../../../main/core/logging/logger';
import { createMemorySecretStore } from '../../../main/core/secrets/secret-store';
import { openDatabase } from '../../../main/core/store/database';
import { resolveIdentity } from '../../../main/server/identity';
import {
  API_CREDENTIALS,
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

describe('resolveIdentity', () => {
  const query = (token?: string) => new URLSearchParams(token === undefined ? '' : { token });
  const db = openDatabase(':memory:');
  const accounts = new AccountService({
    db,
    secrets: createMemorySecretStore(),
    logger: silentLogger,
    loginLimits: { perAccount: 100, perAddress: 100, baseDelayMs: 1 },
  });
  const sources = { token: TOKEN, accounts };
  const basic = (user: string, password: string) =>
    `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  afterAll(() => db.close());

  it('accepts the API only by header: the token, a login JWT, an API key or Basic', async () => {
    const resolve = (headers: Record<string, string>, q = query()) =>
      resolveIdentity(sources, headers, q, API_CREDENTIALS, '127.0.0.1');
    expect(await resolve({ authorization: `Bearer ${TOKEN}` })).toEqual({
      identity: { kind: 'owner' },
      via: 'bearer',
    });
    expect((await resolve({}, query(TOKEN))).identity).toBeNull();
    expect((await resolve({ cookie: `benchphant_token=${TOKEN}` })).identity).toBeNull();

    const row = await accounts.add('ada', 'ada-password-1', false);
    const { token } = await accounts.login('ada', 'ada-password-1');
    expect((await resolve({ authorization: `Bearer ${token}` })).identity).toMatchObject({
      account_id: row.id,
      via: 'jwt',
    });
    const project = accounts.keys.insertProject('P', row.id, new Date().toISOString());
    const { key } = await accounts.createKey(row.id, project.id, 'k');
    expect((await resolve({ authorization: `Bearer ${key}` })).identity).toMatchObject({
      via: 'api-key',
      project_id: project.id,
    });
    expect(
      (await resolve({ authorization: basic('ada', 'ada-password-1') })).identity,
    ).toMatchObject({
      via: 'basic',
    });
    await expect(resolve({ authorization: basic('ada', 'wrong-password') })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });

  it('accepts the page by header, query or cookie, and says which', async () => {
    const resolve = (headers: Record<string, string>, q: URLSearchParams) =>
      resolveIdentity(sources, headers, q, PAGE_CREDENTIALS, undefined);
    expect(await resolve({}, query(TOKEN))).toEqual({ identity: { kind: 'owner' }, via: 'query' });
    expect(await resolve({ cookie: `benchphant_token=${TOKEN}` }, query())).toEqual({
      identity: { kind: 'owner' },
      via: 'cookie',
    });
    expect(await resolve({ cookie: 'benchphant_token=stale' }, query(TOKEN))).toEqual({
      identity: { kind: 'owner' },
      via: 'query',
    });
    expect(await resolve({ cookie: 'benchphant_token=stale' }, query('wrong'))).toEqual({
      identity: null,
      via: null,
    });
  });
});
