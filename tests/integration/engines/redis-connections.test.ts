// Redis connections through the engine module, against real servers: the machine's Redis on 6379
// and a private one (requirepass, ACL users) on port 15451. Each cause of a failed test has its
// own code and sentence; a Redis connection pointed at PostgreSQL's or MariaDB's port says so.
// Benchmarks on a Redis connection answer a clear error instead of misbehaving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineParams } from '../../../shared/model/connection';
import { testConnection } from '../../../main/core/connections/tester';
import { dispatch } from '../../../main/rpc/dispatch';
import { startPrivateRedis, type PrivateRedis } from '../../support/private-redis';
import { makeTestCore, type TestCore } from '../../support/test-core';

const PORT = 15451;
const REFUSED_PORT = 15459;
const redis = (port: number, over: Partial<EngineParams> = {}): EngineParams => ({
  type: 'redis',
  host: '127.0.0.1',
  port,
  database: '0',
  username: 'default',
  tls: { mode: 'disable' },
  ...over,
});

let server: PrivateRedis;
beforeAll(async () => {
  server = await startPrivateRedis(PORT, {
    requirepass: 'default-secret',
    acl: ['bench_g on >bench-pw ~* +@all', 'pingonly_g on >ping-pw ~* +ping'],
    databases: 4,
  });
});
afterAll(async () => {
  await server.stop();
});

describe('testing a Redis connection', () => {
  it('reports version, mode and round trip from PING and INFO server', async () => {
    const r = await testConnection(redis(6379));
    expect(r.success, r.message).toBe(true);
    expect(r.server_version).toMatch(/^Redis \d+\.\d+/);
    expect(r.server_mode).toBe('standalone');
    expect(r.rtt_ms).toBeGreaterThan(0);
    expect(r.message).toMatch(
      /^Connected to Redis \S+ \(standalone\) in [\d.]+ ms; round trip [\d.]+ ms\.$/,
    );
  });

  it('logs in as an ACL user with its password and selects the database index', async () => {
    const r = await testConnection(
      redis(PORT, { username: 'bench_g', password: 'bench-pw', database: '3' }),
    );
    expect(r.success, r.message).toBe(true);
    expect(r.server_version).toMatch(/^Redis /);
  });

  it('says a wrong password is one (WRONGPASS)', async () => {
    const r = await testConnection(redis(PORT, { username: 'bench_g', password: 'nope' }));
    expect(r).toMatchObject({ success: false, code: 'AUTH_FAILED' });
    expect(r.message).toBe(
      "Authentication failed for user 'bench_g' on 127.0.0.1:15451. Check the username and password.",
    );
    expect(r.message).not.toContain('nope');
  });

  it('says the server wants a password when none is given (NOAUTH)', async () => {
    const r = await testConnection(redis(PORT));
    expect(r).toMatchObject({ success: false, code: 'AUTH_FAILED' });
    expect(r.message).toMatch(/requires a password \(NOAUTH\)/);
  });

  it('says which commands a user lacks (NOPERM on INFO)', async () => {
    const r = await testConnection(redis(PORT, { username: 'pingonly_g', password: 'ping-pw' }));
    expect(r).toMatchObject({ success: false, code: 'AUTH_FAILED' });
    expect(r.message).toMatch(/may not run PING or INFO/);
  });

  it('says a database index beyond the server’s databases does not exist', async () => {
    const r = await testConnection(
      redis(PORT, { username: 'bench_g', password: 'bench-pw', database: '9' }),
    );
    expect(r).toMatchObject({ success: false, code: 'DATABASE_NOT_FOUND' });
    expect(r.message).toMatch(/^Database index 9 does not exist on 127\.0\.0\.1:15451/);
  });

  it('refuses a database that is not an index before connecting', async () => {
    const r = await testConnection(redis(PORT, { database: 'app' }));
    expect(r).toMatchObject({ success: false, code: 'BAD_INPUT' });
  });

  it('names PostgreSQL or MariaDB when one answers the port instead of Redis', async () => {
    const atPg = await testConnection(redis(5432));
    expect(atPg).toMatchObject({ success: false, code: 'WRONG_SERVICE' });
    expect(atPg.message).toBe(
      '127.0.0.1:5432 answers as PostgreSQL, not Redis: check the port or the type.',
    );
    const atMy = await testConnection(redis(3306));
    expect(atMy).toMatchObject({ success: false, code: 'WRONG_SERVICE' });
    expect(atMy.message).toMatch(/^127\.0\.0\.1:3306 answers as (MariaDB|MySQL), not Redis/);
  });

  it('says a closed port refuses', async () => {
    const r = await testConnection(redis(REFUSED_PORT));
    expect(r).toMatchObject({ success: false, code: 'CONNECTION_REFUSED' });
  });
});

describe('a saved Redis connection in the core', () => {
  let core: TestCore;
  beforeAll(() => {
    core = makeTestCore();
  });
  afterAll(async () => {
    await core.dispose();
  });

  const call = async (method: string, input: unknown) => dispatch(core.handlers, method, input);

  it('is created from a redis:// URL, keeps its password in the secret store and tests', async () => {
    const created = await call('connections.createFromUrl', {
      url: `redis://bench_g:bench-pw@127.0.0.1:${PORT}/2`,
      name: 'redis-g-url',
    });
    expect(created.ok, JSON.stringify(created)).toBe(true);
    if (!created.ok) return;
    const c = created.value as {
      id: string;
      type: string;
      database: string;
      username: string;
      has_password: boolean;
    };
    expect(c).toMatchObject({
      type: 'redis',
      database: '2',
      username: 'bench_g',
      has_password: true,
    });
    expect(JSON.stringify(c)).not.toContain('bench-pw');
    const tested = await call('connections.testSaved', { id: c.id });
    expect(
      tested.ok && (tested.value as { success: boolean }).success,
      JSON.stringify(tested),
    ).toBe(true);

    // Features that speak SQL answer clearly rather than falling into another engine's code.
    const run = await call('runs.start', {
      connection_id: c.id,
      type: 'select_only',
      duration: 1,
      threads: 1,
      parameters: {},
    });
    expect(run).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: 'Benchmarks are not supported for Redis yet.' },
    });
    // Workspaces take it through the engine's key-space tenancy (tests/integration/tenants/redis-flow).
    const ws = await call('workspaces.create', { name: 'redis_g_ws', connection_id: c.id });
    expect(ws).toMatchObject({ ok: true, value: { database: 'Redis' } });
    expect(await call('workspaces.delete', { id: 'redis_g_ws' })).toMatchObject({ ok: true });
  });

  it('answers MongoDB in the TenantsDB API with a clear 400', async () => {
    for (const [database, why] of [
      ['MongoDB', /^database: MongoDB is not supported yet/],
    ] as const) {
      const r = await call('workspaces.create', {
        name: 'mongo_g_ws',
        connection_id: '00000000-0000-4000-8000-000000000000',
        database,
      });
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('BAD_INPUT');
      expect(r.error.message).toMatch(why);
    }
  });
});
