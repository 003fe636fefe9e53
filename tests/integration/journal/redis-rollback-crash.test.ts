// A Redis tenant's rollback killed (SIGKILL) at every crash point of its journal, against the
// machine's Redis on 6379: after a restart the recovery pass leaves the tenant's ACL user on
// (the swap had locked it), its keys exactly the backup's (a crash from the lock on) or exactly
// its keys before the rollback (earlier), no scratch key space behind and a `recovered: …` record.
// Names start with `h18rc`.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { crashMatrix, openSharedCore } from '../../support/crash-run';
import { makeTempDir, type TempDir } from '../../support/temp-dir';
import { testRedis } from '../../support/test-databases';
import { call, type TestCore } from '../tenants/harness';
import { report } from './support';

const RUN = `h18rc${randomBytes(3).toString('hex')}`;
const ws = `${RUN}_kv`;
const tenant = `${RUN}t`;
const prefix = `${ws}__${tenant}:`;

const server = new Redis({ host: '127.0.0.1', port: 6379, protocol: 2, disableClientInfo: true });

async function keysOf(match: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await server.scan(cursor, 'MATCH', match, 'COUNT', 1000);
    cursor = next;
    out.push(...keys);
  } while (cursor !== '0');
  return out.sort();
}

/** The tenant's keys and values, read as the tenant's own user (so it can still log in). */
async function asTenant(core: TestCore): Promise<Record<string, string | null>> {
  const secret = await call(core, 'tenants.reveal', { id: tenant, blueprint: ws });
  const c = new Redis({
    host: '127.0.0.1',
    port: 6379,
    username: secret.user,
    password: secret.password,
    lazyConnect: true,
    retryStrategy: () => null,
    protocol: 2,
    disableClientInfo: true,
    enableReadyCheck: false,
  });
  c.on('error', () => undefined);
  try {
    await c.connect();
    const keys = await keysOf(`${prefix}*`);
    const values = keys.length ? await c.mget(...keys) : [];
    return Object.fromEntries(keys.map((k, i) => [k, values[i] ?? null]));
  } finally {
    c.disconnect();
  }
}

let dir: TempDir | null = null;

afterAll(async () => {
  dir?.remove();
  const keys = await keysOf(`${RUN}*`);
  if (keys.length) await server.unlink(...keys);
  const users = (await server.call('ACL', 'USERS')) as string[];
  for (const u of users.filter((x) => x.startsWith('tdb_'))) {
    const rules = (await server.call('ACL', 'GETUSER', u)) as unknown[];
    if (JSON.stringify(rules).includes(RUN)) await server.call('ACL', 'DELUSER', u);
  }
  server.disconnect();
});

describe('a Redis rollback crashed at every step', () => {
  it('recovers every crash point to the backup or to the keys before it, the user on', async () => {
    dir = makeTempDir('h18rc-');
    const masterKey = `crash-${randomBytes(8).toString('hex')}`;
    const core = openSharedCore(dir.path, masterKey);
    const conn = await call(core, 'connections.create', { ...testRedis(), name: `${RUN} redis` });
    await call(core, 'workspaces.create', {
      name: ws,
      connection_id: conn.id,
      database: 'Redis',
    });
    await call(core, 'workspaces.query', { id: ws, query: `SET ${ws}_dev:plan free` });
    await call(core, 'workspaces.deploy', { id: ws });
    const made = await call(core, 'tenants.create', {
      tenant_id: tenant,
      databases: [{ blueprint: ws, isolation_level: 1 }],
    });
    expect(made.status).toBe('ready');
    for (let i = 0; i < 20; i++) await server.set(`${prefix}k${i}`, `backed-up-${i}`);
    const backup = await call(core, 'tenants.backup', { id: tenant });
    const storagePath = backup.backups[0]?.storage_path ?? '';
    const backedUp = await asTenant(core);
    const tag = core.journal.instanceTag();
    await core.dispose();

    let before: Record<string, string | null> = {};
    let recordsBefore = 0;
    const tally = await crashMatrix({
      dataDir: dir.path,
      masterKey,
      async prepare(c) {
        await server.set(`${prefix}later`, String(Date.now()));
        before = await asTenant(c);
        recordsBefore = c.journal.store.recovered('rollback').length;
      },
      calls: () => [
        { method: 'tenants.rollback', input: { id: tenant, storage_path: storagePath } },
      ],
      async check(c, crashed) {
        // Reading as the tenant proves its user is on again.
        const now = await asTenant(c);
        const undone = crashed !== null && /(before|after) restoring$/.test(crashed.label);
        expect(now).toEqual(undone ? before : backedUp);
        expect(c.journal.open()).toEqual([]);
        expect(await keysOf(`bp_re*_${tag}_*`)).toEqual([]);
        const records = c.journal.store.recovered('rollback');
        expect(records.length).toBe(recordsBefore + (crashed ? 1 : 0));
        if (crashed) expect(records[0]?.message).toMatch(/^recovered: the rollback of /);
      },
    });
    report('rollback (redis)', tally);
    expect(tally.failures).toEqual([]);
    expect(tally.labels.some((l) => /locked$/.test(l))).toBe(true);
    expect(tally.injected).toBeGreaterThanOrEqual(8);
    expect(tally.lost).toBe(0);
  }, 300_000);
});
