// Isolation moves of a Redis tenant through the dispatcher: from the machine's Redis (6379) to a
// private one with a password (port 15853) and back. Every key arrives with its value and TTL,
// the versions record with it, the user on the target logs in with the same password while the
// source keeps neither keys nor user; the user is locked (sessions ended) during the copy; a
// suspended tenant stays suspended; a target already holding the tenant's keys is refused with
// the tenant left as it was. Names start with `h18mv`.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisSession, scanAll } from '../../support/redis-session';
import { startPrivateRedis, type PrivateRedis } from '../../support/private-redis';
import { testRedis } from '../../support/test-databases';
import { call, callError, makeTestCore, type TestCore } from '../tenants/harness';

const RUN = `h18mv${randomBytes(3).toString('hex')}`;
const ws = `${RUN}_kv`;
const PORT = 15853;
const PASSWORD = `pw-${randomBytes(6).toString('hex')}`;
const prefix = (t: string) => `${ws}__${t}:`;
const versions = (t: string) => `${ws}__${t}_benchphant_versions`;

let core: TestCore;
let dedicated: PrivateRedis;
let shared: Redis;
let other: Redis;
let sharedId: string;
let dedicatedId: string;

async function placement(tenant: string): Promise<string> {
  return (await call(core, 'tenants.get', { id: tenant })).databases[0]?.connection_id ?? '';
}

const makeTenant = async (t: string) => {
  const made = await call(core, 'tenants.create', {
    tenant_id: t,
    databases: [{ blueprint: ws, isolation_level: 1 }],
  });
  expect(made.status, made.message ?? '').toBe('ready');
  return call(core, 'tenants.reveal', { id: t, blueprint: ws });
};

beforeAll(async () => {
  dedicated = await startPrivateRedis(PORT, { requirepass: PASSWORD, acl: [] });
  core = makeTestCore();
  shared = await redisSession(6379, {});
  other = await redisSession(PORT, { password: PASSWORD });
  sharedId = (await call(core, 'connections.create', { ...testRedis(), name: `${RUN} shared` })).id;
  dedicatedId = (
    await call(core, 'connections.create', {
      ...testRedis(),
      name: `${RUN} dedicated`,
      port: PORT,
      password: PASSWORD,
    })
  ).id;
  await call(core, 'workspaces.create', { name: ws, connection_id: sharedId, database: 'Redis' });
  await call(core, 'workspaces.query', { id: ws, query: `HSET ${ws}_dev:settings plan free` });
  await call(core, 'workspaces.deploy', { id: ws });
}, 60_000);

afterAll(async () => {
  for (const c of [shared, other]) {
    if (!c) continue;
    for (const k of await scanAll(c, `${RUN}*`)) await c.unlink(k);
    const users = (await c.call('ACL', 'USERS')) as string[];
    for (const u of users.filter((x) => x.startsWith('tdb_'))) {
      const rules = String(await c.call('ACL', 'GETUSER', u).then((r) => JSON.stringify(r)));
      if (rules.includes(RUN)) await c.call('ACL', 'DELUSER', u);
    }
    c.disconnect();
  }
  await core?.dispose();
  await dedicated?.stop();
});

describe('moving a Redis tenant between servers', () => {
  it('moves every key with its TTL and the versions record, and back again', async () => {
    const t = `${RUN}a`;
    const login = await makeTenant(t);
    const p = prefix(t);
    await shared.set(`${p}plain`, 'v1');
    await shared.set(`${p}short`, 'soon', 'PX', 600_000);
    await shared.rpush(`${p}list`, 'x', 'y', 'z');
    await shared.zadd(`${p}z`, 1, 'one', 2, 'two');
    for (let i = 0; i < 1200; i++) await shared.set(`${p}bulk:${i}`, String(i));
    const before = await scanAll(shared, `${p}*`);
    expect(before).toHaveLength(1205);
    // A session open when the move starts is ended by the lock.
    const session = await redisSession(6379, { user: login.user, password: login.password });

    const steps: string[] = [];
    const copied: number[] = [];
    const stop = core.events.subscribe((e) => {
      if (e.event !== 'moves.progressed' || e.payload.tenant_id !== t) return;
      if (steps.at(-1) !== e.payload.step) steps.push(e.payload.step);
      if (e.payload.step === 'copying' && e.payload.copied) copied.push(e.payload.copied);
    });
    const moved = await call(core, 'tenants.setIsolation', {
      id: t,
      isolation_level: 2,
      connection_id: dedicatedId,
    });
    stop();
    expect(steps).toEqual(['locking', 'creating', 'copying', 'switched', 'done']);
    // In batches: the running total rises to every key.
    expect(copied.length).toBeGreaterThan(1);
    expect(copied.at(-1)).toBe(1205);
    expect(moved.moved).toEqual([
      expect.objectContaining({
        from_connection_id: sharedId,
        to_connection_id: dedicatedId,
        rows: { keys: 1205 },
        cleanup_error: null,
      }),
    ]);
    expect(moved.message).toContain('user was locked (no logins, open sessions ended)');
    expect(await placement(t)).toBe(dedicatedId);
    await expect(session.ping()).rejects.toThrow();
    session.disconnect();

    expect(await scanAll(other, `${p}*`)).toEqual(before);
    expect(await other.get(`${p}plain`)).toBe('v1');
    expect(await other.lrange(`${p}list`, 0, -1)).toEqual(['x', 'y', 'z']);
    expect(await other.zrange(`${p}z`, 0, -1)).toEqual(['one', 'two']);
    const ttl = await other.pttl(`${p}short`);
    expect(ttl).toBeGreaterThan(500_000);
    expect(ttl).toBeLessThanOrEqual(600_000);
    expect(await other.pttl(`${p}plain`)).toBe(-1);
    expect(await other.exists(versions(t))).toBe(1);
    // Nothing of the tenant is left on the shared server.
    expect(await scanAll(shared, `${p}*`)).toEqual([]);
    expect(await shared.exists(versions(t))).toBe(0);
    expect((await shared.call('ACL', 'USERS')) as string[]).not.toContain(login.user);

    // The same user and password log in on the target, confined to the tenant's keys.
    const as = await redisSession(PORT, { user: login.user, password: login.password });
    expect(await as.get(`${p}plain`)).toBe('v1');
    await as.set(`${p}after`, 'written on the dedicated server');
    await expect(as.get(`${ws}__other:x`)).rejects.toThrow(/NOPERM/);
    as.disconnect();

    const back = await call(core, 'tenants.setIsolation', { id: t, isolation_level: 1 });
    expect(back.moved[0]?.rows).toEqual({ keys: 1206 });
    expect(await placement(t)).toBe(sharedId);
    expect(await shared.get(`${p}after`)).toBe('written on the dedicated server');
    expect(await scanAll(other, `${p}*`)).toEqual([]);
    expect((await other.call('ACL', 'USERS')) as string[]).not.toContain(login.user);
    const home = await redisSession(6379, { user: login.user, password: login.password });
    expect(await home.get(`${p}plain`)).toBe('v1');
    home.disconnect();
  }, 120_000);

  it('keeps a suspended tenant suspended on the target', async () => {
    const t = `${RUN}s`;
    const login = await makeTenant(t);
    await shared.set(`${prefix(t)}k`, 'v');
    await call(core, 'tenants.suspend', { id: t });
    await call(core, 'tenants.setIsolation', {
      id: t,
      isolation_level: 2,
      connection_id: dedicatedId,
    });
    await expect(
      redisSession(PORT, { user: login.user, password: login.password }),
    ).rejects.toThrow();
    await call(core, 'tenants.resume', { id: t });
    const as = await redisSession(PORT, { user: login.user, password: login.password });
    expect(await as.get(`${prefix(t)}k`)).toBe('v');
    as.disconnect();
  }, 60_000);

  it('refuses a target that already holds the tenant and leaves it where it was', async () => {
    const t = `${RUN}c`;
    const login = await makeTenant(t);
    await shared.set(`${prefix(t)}mine`, 'source');
    await other.set(`${prefix(t)}mine`, 'someone else');
    const failed: string[] = [];
    const stop = core.events.subscribe((e) => {
      if (e.event === 'moves.progressed' && e.payload.step === 'failed')
        failed.push(e.payload.message ?? '');
    });
    const err = await callError(core, 'tenants.setIsolation', {
      id: t,
      isolation_level: 2,
      connection_id: dedicatedId,
    });
    stop();
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain('will not overwrite');
    expect(failed).toEqual([expect.stringContaining('will not overwrite')]);
    expect(err.message).toContain('its user unlocked');
    expect(await placement(t)).toBe(sharedId);
    expect(await other.get(`${prefix(t)}mine`)).toBe('someone else');
    const as = await redisSession(6379, { user: login.user, password: login.password });
    expect(await as.get(`${prefix(t)}mine`)).toBe('source');
    as.disconnect();
  }, 60_000);
});
