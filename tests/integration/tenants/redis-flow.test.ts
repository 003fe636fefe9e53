// The tenants flow on Redis through the same dispatcher as PostgreSQL and MySQL, against the
// machine's Redis on 6379: a workspace's console (keys kept to its prefix, writes recorded as
// pending changes), versions 1.0 and 1.1, 20 tenants (each a key space and an ACL user with its
// password in the secret store), a deployment with a canary, a failing one halting per policy,
// an admin command across tenants, suspend/resume and a hard delete. Names start with `h18rf`.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantRole } from '../../../main/core/tenants/names';
import { testRedis } from '../../support/test-databases';
import { call, callError, makeTestCore, type TestCore, waitForJob } from './harness';

const RUN = `h18rf${randomBytes(3).toString('hex')}`;
const ws = `${RUN}_kv`;
const dev = `${ws}_dev:`;
const tenants = Array.from({ length: 20 }, (_, i) => `${RUN}t${i}`);
const prefix = (t: string) => `${ws}__${t}:`;

/** A session on the local Redis, logged in as `login` if given; no retries, errors kept. */
async function session(login?: { user: string; password: string }): Promise<Redis> {
  const c = new Redis({
    host: '127.0.0.1',
    port: 6379,
    ...(login ? { username: login.user, password: login.password } : {}),
    lazyConnect: true,
    retryStrategy: () => null,
    protocol: 2,
    disableClientInfo: true,
  });
  c.on('error', () => undefined);
  await c.connect();
  return c;
}

let core: TestCore;
let server: Redis;
let connectionId: string;

beforeAll(async () => {
  core = makeTestCore();
  server = new Redis({ host: '127.0.0.1', port: 6379, protocol: 2, disableClientInfo: true });
  const c = await call(core, 'connections.create', { ...testRedis(), name: `${RUN} redis` });
  connectionId = c.id;
});

afterAll(async () => {
  for (const t of tenants)
    await call(core, 'tenants.delete', { id: t, hard: true, confirm: t }).catch(() => undefined);
  await call(core, 'workspaces.delete', { id: ws }).catch(() => undefined);
  await core?.dispose();
  let cursor = '0';
  do {
    const [next, keys] = await server.scan(cursor, 'MATCH', `${RUN}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await server.unlink(...keys);
  } while (cursor !== '0');
  const users = (await server.call('ACL', 'USERS')) as string[];
  for (const t of tenants) {
    const role = tenantRole(`${ws}__${t}`);
    if (users.includes(role)) await server.call('ACL', 'DELUSER', role);
  }
  server.disconnect();
});

describe('Redis workspaces and tenants through the dispatcher', () => {
  it('creates a workspace whose console keeps to its prefix and records writes', async () => {
    const created = await call(core, 'workspaces.create', {
      name: ws,
      connection_id: connectionId,
      database: 'Redis',
    });
    expect(created.database).toBe('Redis');
    expect(created.message).toContain(`key space ${ws}_dev:`);
    expect(created.connection_string).toBe('redis://default@127.0.0.1:6379/0');

    const outside = await callError(core, 'workspaces.query', { id: ws, query: 'GET elsewhere' });
    expect(outside.code).toBe('REFUSED');
    expect(outside.message).toContain(`keys here start with '${dev}'`);
    const flush = await callError(core, 'workspaces.query', { id: ws, query: 'FLUSHALL' });
    expect(flush.code).toBe('REFUSED');

    const set = await call(core, 'workspaces.query', {
      id: ws,
      query: `HSET ${dev}settings plan free seats 3`,
    });
    expect(set.change).toMatchObject({
      kind: 'HSET',
      status: 'pending',
      inverse: `DEL ${dev}settings`,
    });
    const read = await call(core, 'workspaces.query', {
      id: ws,
      query: `HGET ${dev}settings plan`,
    });
    expect(read).toMatchObject({
      kind: 'rows',
      columns: ['value'],
      rows: [{ value: 'free' }],
      change: null,
    });

    const v1 = await call(core, 'workspaces.deploy', { id: ws });
    expect(v1).toMatchObject({
      version: '1.0',
      statements: [`HSET ${dev}settings plan free seats 3`],
    });
    // The blueprint check ran on a scratch key space and left nothing behind.
    expect(await server.exists(`${ws}_bpcheck_tmp:settings`)).toBe(0);
  });

  it('provisions 20 tenants at 1.0, each a key space with its own ACL user', async () => {
    for (const t of tenants) {
      const tenant = await call(core, 'tenants.create', {
        tenant_id: t,
        databases: [{ blueprint: ws, isolation_level: 1 }],
      });
      expect(tenant.status, tenant.message ?? '').toBe('ready');
      expect(tenant.databases[0]).toMatchObject({ database_type: 'Redis', version: '1.0' });
    }
    expect(await server.hget(`${prefix(tenants[0] as string)}settings`, 'plan')).toBe('free');
    // The user's password comes from the secret store and logs in to its own keys only.
    const t0 = tenants[0] as string;
    const secret = await call(core, 'tenants.reveal', { id: t0, blueprint: ws });
    expect(secret.connection_string).toMatch(
      /^redis:\/\/tdb_[0-9a-f]{16}:[^@]+@127\.0\.0\.1:6379\/0$/,
    );
    const as = await session(secret);
    expect(await as.hget(`${prefix(t0)}settings`, 'plan')).toBe('free');
    await expect(as.hget(`${prefix(tenants[1] as string)}settings`, 'plan')).rejects.toThrow(
      /NOPERM/,
    );
    as.disconnect();
  }, 60_000);

  it('deploys 1.1 to all 20 with a canary first', async () => {
    await call(core, 'workspaces.query', { id: ws, query: `HSET ${dev}settings seats 10` });
    await call(core, 'workspaces.query', { id: ws, query: `SET ${dev}schema 2` });
    const job = await call(core, 'deployments.create', {
      blueprint_name: ws,
      deploy_all: true,
      canary: [tenants[0] as string],
      parallelism: 4,
      gate: null,
    });
    const done = await waitForJob(core, job.job_id);
    expect(done.status).toBe('completed');
    expect(done.tenants.filter((t) => t.status === 'completed')).toHaveLength(20);
    expect(done.tenants.find((t) => t.canary)?.tenant_id).toBe(tenants[0]);
    for (const t of tenants) {
      expect(await server.hget(`${prefix(t)}settings`, 'seats')).toBe('10');
      expect(await server.get(`${prefix(t)}schema`)).toBe('2');
    }
  }, 60_000);

  it('runs an admin command across tenants, as each tenant, with tenant_id per result', async () => {
    const r = await call(core, 'admin.query', {
      query: 'HGET settings seats',
      blueprint: ws,
      all_tenants: true,
    });
    expect(r.row_count).toBe(20);
    expect(r.columns).toEqual(['tenant_id', 'value']);
    expect(new Set(r.rows.map((x) => x.tenant_id))).toEqual(new Set(tenants));
    expect(r.rows.every((x) => x.value === '10')).toBe(true);
    // Each tenant's run is in its query log, so its metrics count commands through Benchphant.
    const m = await call(core, 'tenants.metrics', { id: tenants[4] as string });
    expect(m.query_metrics.queries_today).toBe(1);
    const logs = await call(core, 'tenants.logs', { id: tenants[4] as string });
    expect(logs.logs[0]).toMatchObject({ query: 'HGET settings seats' });
    const write = await callError(core, 'admin.query', {
      query: 'SET plan pro',
      blueprint: ws,
      all_tenants: true,
    });
    expect(write.message).toContain('allow_writes');
  });

  it('measures a tenant: keys, sampled memory and open sessions', async () => {
    const t = tenants[2] as string;
    const m = await call(core, 'tenants.metrics', { id: t });
    expect(m.database_type).toBe('Redis');
    expect(m.database_metrics).toMatchObject({
      databases: [{ database: `${ws}__${t}`, keys: 2, connections: 0 }],
    });
    const [db] = 'databases' in m.database_metrics ? m.database_metrics.databases : [];
    expect(db?.size_bytes).toBeGreaterThan(0);
  });

  it('backs a tenant up and rolls it back with a key changed in between', async () => {
    const t = tenants[2] as string;
    const made = await call(core, 'tenants.backup', { id: t });
    const [b] = made.backups;
    expect(b).toMatchObject({ database_type: 'Redis', tool: 'DUMP/PTTL', rows: { keys: 2 } });
    expect(b?.storage_path).toMatch(/\.keys$/);
    await server.set(`${prefix(t)}schema`, 'changed');
    await server.set(`${prefix(t)}added`, 'later');
    const back = await call(core, 'tenants.rollback', {
      id: t,
      storage_path: b?.storage_path ?? '',
    });
    expect(back.restored).toEqual([{ database: `${ws}__${t}`, backup_id: b?.id }]);
    expect(await server.get(`${prefix(t)}schema`)).toBe('2');
    expect(await server.exists(`${prefix(t)}added`)).toBe(0);
    expect(await server.hget(`${prefix(t)}settings`, 'seats')).toBe('10');
    // No scratch key space (bp_restore_<tag>_…:, bp_replaced_<tag>_…:) is left behind.
    const [, scratch] = await server.scan('0', 'MATCH', 'bp_re*', 'COUNT', 100_000);
    expect(scratch).toEqual([]);
  });

  it('halts a failing version per the error policy', async () => {
    // Tenant 3's `counter` is a string, so version 1.2's HINCRBY fails there with WRONGTYPE.
    await server.set(`${prefix(tenants[3] as string)}counter`, 'text');
    await call(core, 'workspaces.query', { id: ws, query: `HINCRBY ${dev}counter visits 1` });
    const job = await call(core, 'deployments.create', {
      blueprint_name: ws,
      tenant_ids: tenants.slice(0, 8),
      parallelism: 1,
      error_policy: 'halt',
      max_failures: 1,
      gate: null,
    });
    const done = await waitForJob(core, job.job_id);
    expect(done.status).toBe('halted');
    const of = (i: number) => done.tenants.find((t) => t.tenant_id === tenants[i]);
    expect(of(3)?.status).toBe('failed');
    expect(of(3)?.error).toMatch(/WRONGTYPE/);
    expect([0, 1, 2].map((i) => of(i)?.status)).toEqual(['completed', 'completed', 'completed']);
    expect([4, 5, 6, 7].map((i) => of(i)?.status)).toEqual([
      'skipped',
      'skipped',
      'skipped',
      'skipped',
    ]);
    expect(await server.exists(`${prefix(tenants[5] as string)}counter`)).toBe(0);
  }, 60_000);

  it('suspends (ending sessions, refusing logins), resumes, and hard-deletes leaving nothing', async () => {
    const t = tenants[1] as string;
    const secret = await call(core, 'tenants.reveal', { id: t, blueprint: ws });
    const as = await session(secret);
    expect((await call(core, 'tenants.impact', { id: t })).sessions).toBe(1);
    expect((await call(core, 'tenants.suspend', { id: t })).status).toBe('suspended');
    await expect(as.ping()).rejects.toThrow();
    const again = await session();
    await expect(again.call('AUTH', secret.user, secret.password)).rejects.toThrow(/WRONGPASS/);
    expect((await call(core, 'tenants.resume', { id: t })).status).toBe('ready');
    expect(await again.call('AUTH', secret.user, secret.password)).toBe('OK');
    again.disconnect();

    const gone = tenants[19] as string;
    await server.set(`${prefix(gone)}extra`, '1');
    const del = await call(core, 'tenants.delete', { id: gone, hard: true, confirm: gone });
    expect(del.status).toBeNull();
    const [, left] = await server.scan('0', 'MATCH', `${prefix(gone)}*`, 'COUNT', 10_000);
    expect(left).toEqual([]);
    expect(await server.exists(`${ws}__${gone}_benchphant_versions`)).toBe(0);
    const users = (await server.call('ACL', 'USERS')) as string[];
    expect(users).not.toContain(tenantRole(`${ws}__${gone}`));
  }, 30_000);
});
