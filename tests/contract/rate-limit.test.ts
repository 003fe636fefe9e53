// Runs in tests. The spec's 100 requests per minute per address, with the server's default
// settings: the 101st is 429 with Retry-After and RateLimit-* headers, the owner's start-up token
// is not counted, and a password guesser is slowed, then locked out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/core/logging/logger';
import { type RunningServer, startServer } from '../../main/server/server';
import { makeTestCore, type TestCore } from '../support/test-core';
import { rawRequest } from './http-client';

const TOKEN = 'rate-limit-owner-token-77ab21';
let core: TestCore;
let counted: RunningServer;
let logins: RunningServer;
let key: string;

const get = (server: RunningServer, path: string, headers: Record<string, string>) =>
  rawRequest(server.port, { path, headers });
const loginAs = (server: RunningServer, password: string) =>
  rawRequest(server.port, {
    method: 'POST',
    path: '/api/v1/auth/login',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });

beforeAll(async () => {
  core = makeTestCore();
  // Two servers over one core: each counts requests on its own, the login limiter is the core's.
  counted = await startServer({ core, port: 0, token: TOKEN, logger: silentLogger });
  logins = await startServer({ core, port: 0, token: TOKEN, logger: silentLogger });
  await core.handlers['users.create']({ username: 'admin', password: 'admin123', admin: false });
  const made = await core.handlers['apikeys.create']({ project_name: 'rate' });
  key = made.api_key;
});
afterAll(async () => {
  await counted?.close();
  await logins?.close();
  await core?.dispose();
});

describe('API rate limit', () => {
  it('answers 100 requests a minute from one address and refuses the 101st with 429', async () => {
    const auth = { Authorization: `Bearer ${key}` };
    for (let i = 1; i <= 100; i++) {
      const res = await get(counted, '/api/v1/tenants', auth);
      expect(res.status, `request ${i}`).toBe(200);
      expect(res.headers['ratelimit-limit']).toBe('100');
      expect(res.headers['ratelimit-remaining']).toBe(String(100 - i));
    }
    const refused = await get(counted, '/api/v1/tenants', auth);
    expect(refused.status).toBe(429);
    expect(refused.json<{ error: string }>().error).toMatch(/Too many requests/);
    const retry = Number(refused.headers['retry-after']);
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    // Unauthenticated requests from the same address are refused the same way, before any check.
    expect((await get(counted, '/api/v1/health', {})).status).toBe(429);
  });

  it("never counts the owner's start-up token", async () => {
    for (let i = 0; i < 5; i++) {
      const res = await get(counted, '/api/v1/connections', { Authorization: `Bearer ${TOKEN}` });
      expect(res.status).toBe(200);
      expect(res.headers['ratelimit-limit']).toBeUndefined();
    }
  });
});

describe('failed logins', () => {
  it('wait longer after each failure, then lock the account out for this address', async () => {
    const waited: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      expect((await loginAs(logins, 'guess-number-' + i)).status).toBe(401);
      waited.push(performance.now() - started);
    }
    // The delays are floors (100 ms doubling), so these hold however busy the machine is.
    expect(waited[4]).toBeGreaterThanOrEqual(1_600);
    expect(waited[3]).toBeGreaterThanOrEqual(800);
    const locked = await loginAs(logins, 'guess-number-5');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(60);
    // Even the right password waits out the lockout: the guesser learns nothing.
    expect((await loginAs(logins, 'admin123')).status).toBe(429);
    const basic = `Basic ${Buffer.from('admin:admin123').toString('base64')}`;
    expect((await get(logins, '/api/v1/connections', { Authorization: basic })).status).toBe(429);
  }, 30_000);
});
