// What the data directory owner's start does for Redis tenants, against the machine's Redis on
// 6379: tenant users deleted behind Benchphant's back (as a restart without an ACL file would)
// are re-created from the catalog and the secret store, on or off by status, and logged; debris
// of a killed process carrying this data directory's tag (restore scratch key spaces, migration
// users) is removed, while another tag's and what an unfinished operation owns stay. Names start
// with `h18rs`.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prefixHash } from '../../../main/core/engines/redis/tenants/names';
import { dataPaths } from '../../../main/core/paths';
import { tenantRole } from '../../../main/core/tenants/names';
import { openSharedCore } from '../../support/crash-run';
import { makeTempDir, type TempDir } from '../../support/temp-dir';
import { testRedis } from '../../support/test-databases';
import { call, type TestCore } from './harness';

const RUN = `h18rs${randomBytes(3).toString('hex')}`;
const ws = `${RUN}_kv`;
const [on, off] = [`${RUN}on`, `${RUN}off`];
const database = (t: string) => `${ws}__${t}`;

const server = new Redis({ host: '127.0.0.1', port: 6379, protocol: 2, disableClientInfo: true });
let dir: TempDir;
let masterKey: string;
const planted: { keys: string[]; users: string[] } = { keys: [], users: [] };

const users = async () => (await server.call('ACL', 'USERS')) as string[];
const flags = async (user: string) => {
  const reply = (await server.call('ACL', 'GETUSER', user)) as unknown[] | null;
  return reply ? (reply[reply.indexOf('flags') + 1] as string[]) : null;
};
const logOf = () => readFileSync(dataPaths(dir.path).log, 'utf8');

/** Opens the data directory as its owner and waits for the start-up recovery and sweep. */
async function start(): Promise<TestCore> {
  const core = openSharedCore(dir.path, masterKey);
  await core.recovery;
  return core;
}

beforeAll(async () => {
  dir = makeTempDir('h18rs-');
  masterKey = `start-${randomBytes(8).toString('hex')}`;
  const core = await start();
  const conn = await call(core, 'connections.create', { ...testRedis(), name: `${RUN} redis` });
  await call(core, 'workspaces.create', { name: ws, connection_id: conn.id, database: 'Redis' });
  await call(core, 'workspaces.query', { id: ws, query: `SET ${ws}_dev:plan free` });
  await call(core, 'workspaces.deploy', { id: ws });
  for (const t of [on, off]) {
    const made = await call(core, 'tenants.create', {
      tenant_id: t,
      databases: [{ blueprint: ws, isolation_level: 1 }],
    });
    expect(made.status).toBe('ready');
  }
  await call(core, 'tenants.suspend', { id: off });
  await core.dispose();
}, 60_000);

afterAll(async () => {
  const core = await start();
  for (const t of [on, off])
    await call(core, 'tenants.delete', { id: t, hard: true, confirm: t }).catch(() => undefined);
  await call(core, 'workspaces.delete', { id: ws }).catch(() => undefined);
  await core.dispose();
  if (planted.keys.length) await server.unlink(...planted.keys);
  for (const u of planted.users) await server.call('ACL', 'DELUSER', u).catch(() => undefined);
  const left = (await users()).filter((u) => [on, off].some((t) => u === tenantRole(database(t))));
  for (const u of left) await server.call('ACL', 'DELUSER', u);
  server.disconnect();
  dir.remove();
});

describe("the owner's start with Redis tenants", () => {
  it('re-creates tenant users the server lost, on or off as their tenants are, and says so', async () => {
    const roleOn = tenantRole(database(on));
    const roleOff = tenantRole(database(off));
    await server.call('ACL', 'DELUSER', roleOn, roleOff);
    expect(await users()).not.toContain(roleOn);

    const core = await start();
    try {
      expect(await flags(roleOn)).toContain('on');
      expect(await flags(roleOff)).toContain('off');
      const line = logOf()
        .split('\n')
        .find((l) => l.includes(`re-created tenant users missing on ${RUN} redis`));
      expect(line).toContain(roleOn);
      expect(line).toContain(roleOff);
      // The re-created user logs in with the password in the secret store, to its own keys only.
      const secret = await call(core, 'tenants.reveal', { id: on, blueprint: ws });
      const as = new Redis({
        host: '127.0.0.1',
        port: 6379,
        username: secret.user,
        password: secret.password,
        retryStrategy: () => null,
        enableReadyCheck: false,
        protocol: 2,
        disableClientInfo: true,
      });
      as.on('error', () => undefined);
      try {
        expect(await as.get(`${database(on)}:plan`)).toBe('free');
        await expect(as.get(`${database(off)}:plan`)).rejects.toThrow(/NOPERM/);
      } finally {
        as.disconnect();
      }
    } finally {
      await core.dispose();
    }
  }, 60_000);

  it("sweeps this directory's scratch key spaces and migration users, not others' or owned ones", async () => {
    let core = await start();
    const tag = core.journal.instanceTag();
    // An unfinished rollback of tenant `on`, run by another live process (pid 1): its scratch
    // key space and its key space's migration user are not debris.
    const owned = { fresh: `bp_restore_${tag}_0000aa`, old: `bp_replaced_${tag}_0000aa` };
    core.journal.store.insert({
      id: `${RUN}-intent`,
      kind: 'rollback',
      target: database(on),
      step: 'restoring',
      payload: { connection_id: 'x', database: database(on), ...owned },
    });
    await core.dispose();
    const db = new Database(dataPaths(dir.path).database);
    db.prepare('UPDATE op_intents SET owner_pid = 1 WHERE id = ?').run(`${RUN}-intent`);
    db.close();

    const debris = [`bp_restore_${tag}_0000bb:k1`, `bp_replaced_${tag}_0000bb:k2`];
    const kept = [`${owned.fresh}:k`, `bp_restore_ffffffff_0000cc:k`];
    const deadUser = `bp_mig_${tag}_${prefixHash(`${database(off)}:`)}_00000001`;
    const busyUser = `bp_mig_${tag}_${prefixHash(`${database(on)}:`)}_00000002`;
    const otherUser = `bp_mig_ffffffff_${prefixHash(`${database(off)}:`)}_00000003`;
    const untagged = 'bp_mig_h18rs0000beef';
    planted.keys.push(...debris, ...kept);
    planted.users.push(deadUser, busyUser, otherUser, untagged);
    for (const k of [...debris, ...kept]) await server.set(k, '1');
    for (const u of planted.users) await server.call('ACL', 'SETUSER', u, 'off');

    core = await start();
    await core.dispose();
    expect(await server.exists(...debris)).toBe(0);
    expect(await server.exists(...kept)).toBe(kept.length);
    const now = await users();
    expect(now).not.toContain(deadUser);
    expect([busyUser, otherUser, untagged].filter((u) => now.includes(u))).toHaveLength(3);
    expect(logOf()).toMatch(/removed scratch key spaces a crash left: .*0000bb/);
    expect(logOf()).toContain(`removed migration users a crash left: ACL user ${deadUser}`);
  }, 60_000);

  it('says which server it could not sweep, and goes on starting', async () => {
    // The workspace's Redis moved away (a closed port): the start goes on and says so.
    const moved = (port: number) => {
      const db = new Database(dataPaths(dir.path).database);
      db.prepare('UPDATE connections SET port = ? WHERE name = ?').run(port, `${RUN} redis`);
      db.close();
    };
    moved(1);
    try {
      const core = await start();
      await core.dispose();
      expect(logOf()).toMatch(
        new RegExp(
          `could not remove migration users on ${RUN} redis \\(tried again at the next start\\): .+`,
        ),
      );
    } finally {
      moved(6379);
    }
  }, 60_000);
});
