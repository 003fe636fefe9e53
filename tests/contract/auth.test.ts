// Runs in tests. Every way to authenticate against the headless server, as a client written from
// the specs would: the start-up token, PerfWatch's JWT login (expiry, logout, password change),
// HTTP Basic, TenantsDB's signup, login and API keys (revocation, project scoping), and the
// metrics WebSocket's `?token=`.
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/core/logging/logger';
import { JWT_KEY_ACCOUNT } from '../../main/core/accounts/tokens';
import { createMemorySecretStore } from '../../main/core/secrets/secret-store';
import { METRICS_WS_PATH } from '../../main/server/metrics-socket';
import { type RunningServer, startServer } from '../../main/server/server';
import { makeTestCore, type TestCore } from '../support/test-core';
import { type RawResponse, rawRequest } from './http-client';
import { openSocket } from './ws-client';

const TOKEN = 'auth-suite-owner-token-5e1d0c';
const secrets = createMemorySecretStore();
let core: TestCore;
let server: RunningServer;

type Headers = Record<string, string>;
const call = (method: string, path: string, headers: Headers = {}, body?: unknown) =>
  rawRequest(server.port, {
    method,
    path,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const bearer = (token: string): Headers => ({ Authorization: `Bearer ${token}` });
const basic = (user: string, password: string): Headers => ({
  Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});
const owner = bearer(TOKEN);

function expectChallenge(res: RawResponse): void {
  expect(res.status).toBe(401);
  expect(res.headers['www-authenticate']).toBe('Basic realm="benchphant"');
}

async function login(username: string, password: string): Promise<string> {
  const res = await call('POST', '/api/v1/auth/login', {}, { username, password });
  expect(res.status).toBe(200);
  return res.json<{ access_token: string }>().access_token;
}

beforeAll(async () => {
  core = makeTestCore({ secrets });
  server = await startServer({ core, port: 0, token: TOKEN, logger: silentLogger });
});
afterAll(async () => {
  await server?.close();
  await core?.dispose();
});

describe('signup and the start-up token', () => {
  it('answers / and /health without credentials', async () => {
    expect((await call('GET', '/api/v1/')).json()).toEqual({
      service: 'Benchphant',
      version: '0.0.0-test',
    });
    expect((await call('GET', '/api/v1/health')).json()).toEqual({ status: 'healthy' });
  });

  it('refuses everything else without credentials, inviting Basic', async () => {
    expectChallenge(await call('GET', '/api/v1/connections'));
    expectChallenge(await call('GET', '/api/v1/no-such-route'));
    expectChallenge(await call('GET', '/api/v1/users', bearer('not-a-credential')));
  });

  it('creates the first account by /signup (the spec body), then only for the owner or an admin', async () => {
    const res = await call(
      'POST',
      '/api/v1/signup',
      {},
      { email: 'you@company.com', password: 'yourpassword', project_name: 'My Project' },
    );
    expect(res.status).toBe(201);
    const body = res.json<{ success: boolean; api_key: string; project_id: string }>();
    expect(body.success).toBe(true);
    expect(body.api_key).toMatch(/^tenantsdb_sk_[0-9a-f]{64}$/);
    expect(body.project_id).toMatch(/^tdb_[0-9a-f]{8}$/);

    const again = await call(
      'POST',
      '/api/v1/signup',
      {},
      { email: 'mallory@example.com', password: 'yourpassword' },
    );
    expect(again.status).toBe(401);
    const byOwner = await call('POST', '/api/v1/signup', owner, {
      email: 'second@company.com',
      password: 'secondpassword',
      project_name: 'Second',
    });
    expect(byOwner.status).toBe(201);
  });

  it('keeps the start-up token working as the owner, who sees every account', async () => {
    const users = await call('GET', '/api/v1/users', owner);
    expect(users.status).toBe(200);
    expect(users.json<Array<{ username: string; admin: boolean }>>()).toEqual([
      expect.objectContaining({ username: 'you@company.com', admin: true }),
      expect.objectContaining({ username: 'second@company.com', admin: false }),
    ]);
  });
});

describe('JWT login (PerfWatch /auth)', () => {
  it('logs in with the spec body and answers /auth/me', async () => {
    const created = await call('POST', '/api/v1/users', owner, {
      username: 'admin',
      password: 'admin123',
    });
    expect(created.status).toBe(201);
    const res = await call(
      'POST',
      '/api/v1/auth/login',
      {},
      { username: 'admin', password: 'admin123' },
    );
    expect(res.status).toBe(200);
    const body = res.json<{ access_token: string; token_type: string; expires_in: number }>();
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'token_type']);
    expect(body.access_token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 86400 });
    const me = await call('GET', '/api/v1/auth/me', bearer(body.access_token));
    expect(me.status).toBe(200);
    const account = me.json<{ username: string; last_login: string | null }>();
    expect(account.username).toBe('admin');
    expect(Date.parse(account.last_login ?? '')).toBeGreaterThan(0);
    // An account is not an administrator unless made one.
    expect((await call('GET', '/api/v1/users', bearer(body.access_token))).status).toBe(403);
  });

  it('answers a wrong password with 401 and the challenge', async () => {
    const res = await call(
      'POST',
      '/api/v1/auth/login',
      {},
      { username: 'admin', password: 'admin124' },
    );
    expectChallenge(res);
    expect(res.json<{ error: string }>().error).toBe('Invalid username or password');
  });

  it('refuses an expired token and one signed with another key', async () => {
    const key = Buffer.from((await secrets.get(JWT_KEY_ACCOUNT)) ?? '', 'base64url');
    expect(key.length).toBe(32);
    const id = (
      await call('GET', '/api/v1/auth/me', bearer(await login('admin', 'admin123')))
    ).json<{
      id: number;
    }>().id;
    const sign = (k: Uint8Array, exp: number) =>
      new SignJWT({ ver: 0 })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('benchphant')
        .setSubject(String(id))
        .setJti(`test-${exp}`)
        .setIssuedAt(exp - 100)
        .setExpirationTime(exp)
        .sign(k);
    const now = Math.floor(Date.now() / 1000);
    expect((await call('GET', '/api/v1/auth/me', bearer(await sign(key, now + 600)))).status).toBe(
      200,
    );
    expectChallenge(await call('GET', '/api/v1/auth/me', bearer(await sign(key, now - 10))));
    expectChallenge(
      await call('GET', '/api/v1/auth/me', bearer(await sign(new Uint8Array(32), now + 600))),
    );
  });

  it('revokes the token on logout', async () => {
    const token = await login('admin', 'admin123');
    const out = await call('POST', '/api/v1/auth/logout', bearer(token));
    expect(out.json()).toEqual({ message: 'Logged out successfully' });
    expectChallenge(await call('GET', '/api/v1/auth/me', bearer(token)));
  });

  it('changes the password with the spec body, ending every other token', async () => {
    const mine = await login('admin', 'admin123');
    const other = await login('admin', 'admin123');
    const res = await call('PUT', '/api/v1/auth/password', bearer(mine), {
      current_password: 'admin123',
      new_password: 'newSecurePassword123',
    });
    expect(res.json()).toEqual({ message: 'Password updated successfully' });
    expect((await call('GET', '/api/v1/auth/me', bearer(mine))).status).toBe(200);
    expectChallenge(await call('GET', '/api/v1/auth/me', bearer(other)));
    expectChallenge(
      await call('POST', '/api/v1/auth/login', {}, { username: 'admin', password: 'admin123' }),
    );
    expect(await login('admin', 'newSecurePassword123')).toMatch(/^eyJ/);
  });

  it('opens the metrics WebSocket with ?token=<jwt>, and not after logout', async () => {
    const token = await login('admin', 'newSecurePassword123');
    const url = `ws://127.0.0.1:${server.port}${METRICS_WS_PATH}?token=${token}`;
    const ws = await openSocket(url);
    ws.close();
    await call('POST', '/api/v1/auth/logout', bearer(token));
    await expect(openSocket(url)).rejects.toMatchObject({ status: 401 });
  });
});

describe('HTTP Basic', () => {
  it('accepts an account on /api/v1/*, and answers a wrong password with the challenge', async () => {
    const ok = await call('GET', '/api/v1/connections', basic('admin', 'newSecurePassword123'));
    expect(ok.status).toBe(200);
    expect(ok.json()).toEqual([]);
    expectChallenge(await call('GET', '/api/v1/connections', basic('admin', 'wrong-password')));
    expectChallenge(await call('GET', '/api/v1/connections', basic('nobody', 'whatever1')));
  });
});

describe('TenantsDB accounts, projects and API keys', () => {
  let keyA: string;
  let projectA: string;

  it('logs in with the spec body and lists the projects with their keys', async () => {
    const res = await call(
      'POST',
      '/api/v1/login',
      {},
      { email: 'you@company.com', password: 'yourpassword' },
    );
    expect(res.status).toBe(200);
    const body = res.json<{
      success: boolean;
      projects: Array<{ project_id: string; name: string; api_key: string }>;
    }>();
    const mine = body.projects.find((p) => p.name === 'My Project');
    expect(mine?.api_key).toMatch(/^tenantsdb_sk_/);
    keyA = mine?.api_key ?? '';
    projectA = mine?.project_id ?? '';
  });

  it('lets a key see only its project and its keys, with prefixes only', async () => {
    const created = await call('POST', '/api/v1/projects', owner, { name: 'New Project' });
    expect(created.status).toBe(201);
    const projects = await call('GET', '/api/v1/projects', bearer(keyA));
    expect(
      projects.json<{ count: number; projects: Array<{ project_id: string }> }>(),
    ).toMatchObject({
      success: true,
      count: 1,
      projects: [{ project_id: projectA }],
    });
    expect((await call('GET', '/api/v1/projects', owner)).json<{ count: number }>().count).toBe(4);
    const keys = await call('GET', '/api/v1/apikeys', bearer(keyA));
    const listed = keys.json<{ api_keys: Array<{ key: string; project_id: string }> }>().api_keys;
    expect(listed.every((k) => k.project_id === projectA)).toBe(true);
    expect(keys.body).not.toContain(keyA);
    expect(listed[0]?.key).toBe(`${keyA.slice(0, 21)}…`);
  });

  it('generates a key with the spec body, shown once, and revokes it on deletion at once', async () => {
    const res = await call('POST', '/api/v1/apikeys', bearer(keyA), { project_name: 'Key Name' });
    expect(res.status).toBe(201);
    const made = res.json<{ id: number; api_key: string; project_id: string; name: string }>();
    expect(made).toMatchObject({ project_id: projectA, name: 'Key Name' });
    expect((await call('GET', '/api/v1/workspaces', bearer(made.api_key))).status).toBe(200);
    const listed = await call('GET', '/api/v1/apikeys', bearer(made.api_key));
    expect(listed.body).not.toContain(made.api_key);
    const used = listed
      .json<{ api_keys: Array<{ id: number; last_used_at?: string }> }>()
      .api_keys.find((k) => k.id === made.id);
    expect(Date.parse(used?.last_used_at ?? '')).toBeGreaterThan(0);

    expect((await call('DELETE', `/api/v1/apikeys/${made.id}`, bearer(keyA))).status).toBe(200);
    expectChallenge(await call('GET', '/api/v1/workspaces', bearer(made.api_key)));
    expect((await call('DELETE', `/api/v1/apikeys/${made.id}`, bearer(keyA))).status).toBe(404);
  });

  it('hides other projects from a key', async () => {
    const other = (await call('GET', '/api/v1/projects', owner))
      .json<{ projects: Array<{ project_id: string; name: string }> }>()
      .projects.find((p) => p.name === 'Second');
    expect(other).toBeDefined();
    const res = await call('POST', '/api/v1/apikeys', bearer(keyA), {
      project_name: 'sneaky',
      project_id: other?.project_id,
    });
    expect(res.status).toBe(404);
    expect(
      (await call('DELETE', `/api/v1/projects/${other?.project_id}`, bearer(keyA))).status,
    ).toBe(404);
    expect((await call('DELETE', `/api/v1/projects/${other?.project_id}`, owner)).status).toBe(200);
  });
});
