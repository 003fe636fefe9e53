// A Redis tenant's isolation move killed (SIGKILL) at every crash point of its journal, back and
// forth between the machine's Redis (6379) and a private one with a password (port 15854). After
// a restart the tenant lives on exactly one server (the target if the switch was recorded, else
// the source) with all its keys, its user logs in there and writes, and the other server keeps
// no key, versions record or user of it. Names start with `h18mc`.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { crashMatrix, openSharedCore } from '../../support/crash-run';
import { redisSession, scanAll } from '../../support/redis-session';
import { startPrivateRedis, type PrivateRedis } from '../../support/private-redis';
import { testRedis } from '../../support/test-databases';
import { makeTempDir, type TempDir } from '../../support/temp-dir';
import { call, type TestCore } from '../tenants/harness';
import { report } from './support';

const RUN = `h18mc${randomBytes(3).toString('hex')}`;
const ws = `${RUN}_kv`;
const tenant = 'acme';
const prefix = `${ws}__${tenant}:`;
const record = `${ws}__${tenant}_benchphant_versions`;
const PORT = 15854;
const PASSWORD = `pw-${randomBytes(6).toString('hex')}`;

const keysOf = (c: Redis, match = `${prefix}*`) => scanAll(c, match);

describe('a Redis isolation move crashed at every step', () => {
  let dedicated: PrivateRedis | null = null;
  let dir: TempDir | null = null;
  let role = '';
  const admins: Record<string, Redis> = {};

  afterAll(async () => {
    for (const c of Object.values(admins)) {
      for (const k of await keysOf(c, `${RUN}*`)) await c.unlink(k);
      if (role) await c.call('ACL', 'DELUSER', role);
      c.disconnect();
    }
    await dedicated?.stop();
    dir?.remove();
  });

  it('leaves the tenant whole on exactly one server at every crash point', async () => {
    dedicated = await startPrivateRedis(PORT, { requirepass: PASSWORD, acl: [] });
    dir = makeTempDir('bp-crash-');
    const masterKey = `crash-${randomBytes(8).toString('hex')}`;
    const setup = openSharedCore(dir.path, masterKey);
    const shared = (await call(setup, 'connections.create', { ...testRedis(), name: 'shared' })).id;
    const dedicatedId = (
      await call(setup, 'connections.create', {
        ...testRedis(),
        name: 'dedicated',
        port: PORT,
        password: PASSWORD,
      })
    ).id;
    await call(setup, 'workspaces.create', { name: ws, connection_id: shared, database: 'Redis' });
    await call(setup, 'workspaces.query', { id: ws, query: `SET ${ws}_dev:plan free` });
    await call(setup, 'workspaces.deploy', { id: ws });
    const made = await call(setup, 'tenants.create', {
      tenant_id: tenant,
      databases: [{ blueprint: ws, isolation_level: 1 }],
    });
    expect(made.status, made.message ?? '').toBe('ready');
    const login = await call(setup, 'tenants.reveal', { id: tenant, blueprint: ws });
    role = login.user;
    await setup.dispose();

    admins[shared] = await redisSession(6379, {});
    admins[dedicatedId] = await redisSession(PORT, { password: PASSWORD });
    const ports: Record<string, number> = { [shared]: 6379, [dedicatedId]: PORT };
    const placement = async (core: TestCore) =>
      (await call(core, 'tenants.get', { id: tenant })).databases[0]?.connection_id ?? '';
    let from = '';
    let keys: string[] = [];
    const tally = await crashMatrix({
      dataDir: dir.path,
      masterKey,
      async prepare(core) {
        from = await placement(core);
        const c = await redisSession(ports[from] ?? 0, {
          user: login.user,
          password: login.password,
        });
        try {
          await c.set(`${prefix}row-${randomBytes(3).toString('hex')}`, 'written before the move');
        } finally {
          c.disconnect();
        }
        keys = await keysOf(admins[from] as Redis);
      },
      calls: () => [
        {
          method: 'tenants.setIsolation',
          input:
            from === shared
              ? { id: tenant, isolation_level: 2, connection_id: dedicatedId }
              : { id: tenant, isolation_level: 1 },
        },
      ],
      async check(core, crashed) {
        const at = await placement(core);
        const other = at === shared ? dedicatedId : shared;
        const switched = crashed === null || /(before|after) switched$/.test(crashed.label);
        expect(at).toBe(switched ? (from === shared ? dedicatedId : shared) : from);
        expect(await keysOf(admins[at] as Redis)).toEqual(keys);
        expect(await (admins[at] as Redis).get(`${prefix}plan`)).toBe('free');
        expect(await (admins[at] as Redis).exists(record)).toBe(1);
        // The user logs in where the tenant lives and writes: the move's lock did not outlive it.
        const c = await redisSession(ports[at] ?? 0, {
          user: login.user,
          password: login.password,
        });
        try {
          await c.set(`${prefix}probe`, 'x');
          await c.del(`${prefix}probe`);
        } finally {
          c.disconnect();
        }
        const left = admins[other] as Redis;
        expect(await keysOf(left)).toEqual([]);
        expect(await left.exists(record)).toBe(0);
        expect((await left.call('ACL', 'USERS')) as string[]).not.toContain(login.user);
        expect(core.journal.open()).toEqual([]);
        if (crashed) {
          expect(core.journal.store.recovered('move')[0]?.message).toMatch(
            /^recovered: the move of /,
          );
        }
      },
    });
    report('isolation move (redis)', tally);
    expect(tally.failures).toEqual([]);
    expect(tally.lost).toBe(0);
    expect(tally.injected).toBeGreaterThanOrEqual(8);
  }, 600_000);
});
