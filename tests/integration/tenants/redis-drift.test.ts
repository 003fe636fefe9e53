// Drift of Redis tenants through a deployment, against the machine's Redis on 6379: a tenant
// whose key named by a version changed type behind Benchphant's back, and one whose versions
// record lost the version Benchphant applied, are reported drifted and left as they are; a
// tenant that only added its own data keys, or lost a key a later version deleted, is migrated.
// Names start with `h18rd`.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantRole } from '../../../main/core/tenants/names';
import { testRedis } from '../../support/test-databases';
import { call, makeTestCore, type TestCore, waitForJob } from './harness';

const RUN = `h18rd${randomBytes(3).toString('hex')}`;
const ws = `${RUN}_kv`;
const dev = `${ws}_dev:`;
const [retyped, unrecorded, clean] = ['retyped', 'unrec', 'clean'].map((t) => `${RUN}${t}`) as [
  string,
  string,
  string,
];
const prefix = (t: string) => `${ws}__${t}:`;

let core: TestCore;
const server = new Redis({ host: '127.0.0.1', port: 6379, protocol: 2, disableClientInfo: true });

async function deploy(tenants: string[]) {
  const job = await call(core, 'deployments.create', {
    blueprint_name: ws,
    tenant_ids: tenants,
    parallelism: 2,
    gate: null,
  });
  return waitForJob(core, job.job_id);
}

beforeAll(async () => {
  core = makeTestCore();
  const conn = await call(core, 'connections.create', { ...testRedis(), name: `${RUN} redis` });
  await call(core, 'workspaces.create', { name: ws, connection_id: conn.id, database: 'Redis' });
  await call(core, 'workspaces.query', { id: ws, query: `HSET ${dev}settings plan free` });
  await call(core, 'workspaces.query', { id: ws, query: `SET ${dev}schema 1` });
  await call(core, 'workspaces.deploy', { id: ws });
  for (const t of [retyped, unrecorded, clean]) {
    const made = await call(core, 'tenants.create', {
      tenant_id: t,
      databases: [{ blueprint: ws, isolation_level: 1 }],
    });
    expect(made.status).toBe('ready');
  }
}, 60_000);

afterAll(async () => {
  for (const t of [retyped, unrecorded, clean])
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
  for (const t of [retyped, unrecorded, clean]) {
    const role = tenantRole(`${ws}__${t}`);
    if (users.includes(role)) await server.call('ACL', 'DELUSER', role);
  }
  server.disconnect();
});

describe('drift of Redis tenants', () => {
  it('skips tenants changed behind our back and migrates the others', async () => {
    // Behind Benchphant's back: a hash the version made is now a string; a record lost 1.0.
    await server.del(`${prefix(retyped)}settings`);
    await server.set(`${prefix(retyped)}settings`, 'free');
    await server.hdel(`${ws}__${unrecorded}_benchphant_versions`, '1.0');
    // The tenant's own data is not drift.
    await server.set(`${prefix(clean)}user:1`, 'ada');

    await call(core, 'workspaces.query', { id: ws, query: `DEL ${dev}schema` });
    await call(core, 'workspaces.query', { id: ws, query: `SET ${dev}schema2 2` });
    await call(core, 'workspaces.deploy', { id: ws });
    const done = await deploy([retyped, unrecorded, clean]);
    const of = (t: string) => done.tenants.find((x) => x.tenant_id === t);
    expect(done.drifted_tenants).toBe(2);
    expect(of(retyped)).toMatchObject({ status: 'drifted' });
    expect(of(retyped)?.error).toMatch(/Drift from version 1\.0: settings is a string, not a hash/);
    expect(of(unrecorded)?.error).toMatch(/record says no version, but Benchphant applied 1\.0/);
    expect(of(clean)?.status).toBe('completed');
    // The drifted tenants were left as they were; the clean one has 1.1.
    expect(await server.exists(`${prefix(retyped)}schema2`, `${prefix(unrecorded)}schema2`)).toBe(
      0,
    );
    expect(await server.get(`${prefix(retyped)}schema`)).toBe('1');
    expect(await server.get(`${prefix(clean)}schema2`)).toBe('2');
    expect(await server.exists(`${prefix(clean)}schema`)).toBe(0);

    // A key 1.1 deleted is not expected any more: the next version goes through on the clean
    // tenant, and on the retyped one once its hash is back.
    await server.del(`${prefix(retyped)}settings`);
    await server.hset(`${prefix(retyped)}settings`, 'plan', 'free');
    await call(core, 'workspaces.query', { id: ws, query: `SET ${dev}flag on` });
    await call(core, 'workspaces.query', { id: ws, query: `SET ${dev}token t PX 60000` });
    await call(core, 'workspaces.deploy', { id: ws });
    const next = await deploy([retyped, clean]);
    expect(next.tenants.map((t) => [t.tenant_id, t.status]).sort()).toEqual(
      [
        [clean, 'completed'],
        [retyped, 'completed'],
      ].sort(),
    );
    expect(await server.get(`${prefix(retyped)}flag`)).toBe('on');
    // A key the version made to expire is not expected to stay: its going is not drift.
    await server.del(`${prefix(clean)}token`);
    await call(core, 'workspaces.query', { id: ws, query: `SET ${dev}last 1` });
    await call(core, 'workspaces.deploy', { id: ws });
    expect((await deploy([clean])).tenants[0]?.status).toBe('completed');
  }, 60_000);
});
