// An import into a Redis workspace killed (SIGKILL) at every crash point of its journal: a private
// Redis (port 15856) is the shared source, the tenants live on the machine's Redis (6379). After a
// restart the import reads `interrupted` with a `recovered: …` word, and a resume finishes it with
// every tenant holding exactly the source's keys and values. Names start with `h18ic`.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { crashMatrix, openSharedCore } from '../../support/crash-run';
import { startPrivateRedis, type PrivateRedis } from '../../support/private-redis';
import { redisSession, scanAll } from '../../support/redis-session';
import { testRedis } from '../../support/test-databases';
import { makeTempDir, type TempDir } from '../../support/temp-dir';
import { call, type TestCore } from '../tenants/harness';
import { waitForImport } from '../tenant-ops/import-support';
import { report } from './support';

const RUN = `h18ic${randomBytes(3).toString('hex')}`;
const ws = `${RUN}_kv`;
const PORT = 15856;
const PASSWORD = `pw-${randomBytes(6).toString('hex')}`;
/** Keys per tenant in the source. */
const KEYS: Record<string, number> = { [`${RUN}a`]: 3, [`${RUN}b`]: 1300 };

/** The import the crash child started: the newest of the workspace's (ids are random). */
async function latestImport(core: TestCore) {
  const row = core.journal.store.db
    .prepare('SELECT id FROM tn_imports ORDER BY started_at DESC, rowid DESC LIMIT 1')
    .get() as { id: string };
  return call(core, 'workspaces.importStatus', { id: ws, import_id: row.id });
}

describe('a Redis import crashed at every step', () => {
  let source: PrivateRedis | null = null;
  let home: Redis | null = null;
  let dir: TempDir | null = null;

  afterAll(async () => {
    if (home) {
      for (const k of await scanAll(home, `${RUN}*`)) await home.unlink(k);
      const users = (await home.call('ACL', 'USERS')) as string[];
      for (const u of users.filter((x) => x.startsWith('tdb_'))) {
        const rules = JSON.stringify(await home.call('ACL', 'GETUSER', u));
        if (rules.includes(RUN)) await home.call('ACL', 'DELUSER', u);
      }
      home.disconnect();
    }
    await source?.stop();
    dir?.remove();
  });

  it('resumes to exactly the source keys after a crash at any point', async () => {
    source = await startPrivateRedis(PORT, { requirepass: PASSWORD, acl: [] });
    const src = await redisSession(PORT, { password: PASSWORD });
    for (const [t, n] of Object.entries(KEYS))
      for (let i = 0; i < n; i++) await src.set(`${t}:k:${i}`, `${t}-${i}`);
    src.disconnect();
    home = await redisSession(6379);

    dir = makeTempDir('bp-crash-');
    const masterKey = `crash-${randomBytes(8).toString('hex')}`;
    const setup = openSharedCore(dir.path, masterKey);
    const shared = (await call(setup, 'connections.create', { ...testRedis(), name: 'home' })).id;
    const sourceId = (
      await call(setup, 'connections.create', {
        ...testRedis(),
        name: 'source',
        port: PORT,
        password: PASSWORD,
      })
    ).id;
    await call(setup, 'workspaces.create', { name: ws, connection_id: shared, database: 'Redis' });
    await call(setup, 'workspaces.query', { id: ws, query: `SET ${ws}_dev:plan free` });
    await call(setup, 'workspaces.deploy', { id: ws });
    const input = { id: ws, connection_id: sourceId, options: { create_tenants: true } };
    const first = await call(setup, 'workspaces.importData', input);
    expect((await waitForImport(setup, ws, first.import_id)).status).toBe('completed');
    await setup.dispose();

    const tally = await crashMatrix({
      dataDir: dir.path,
      masterKey,
      // Each run starts from changed tenants, so a copy that stopped early would show.
      async prepare() {
        for (const t of Object.keys(KEYS)) await home?.set(`${ws}__${t}:k:0`, 'changed');
      },
      calls: () => [{ method: 'workspaces.importData', input }],
      async check(core, crashed) {
        let status = await latestImport(core);
        if (crashed) {
          expect(status.status).toBe('interrupted');
          expect(status.message).toMatch(/^recovered: the import into tenant /);
          await call(core, 'workspaces.importData', { ...input, resume: status.import_id });
          status = await waitForImport(core, ws, status.import_id);
        }
        expect(status.status, status.message ?? '').toBe('completed');
        for (const [t, n] of Object.entries(KEYS)) {
          const keys = await scanAll(home as Redis, `${ws}__${t}:k:*`);
          expect(keys, t).toHaveLength(n);
          expect(await home?.get(`${ws}__${t}:k:0`)).toBe(`${t}-0`);
          expect(await home?.get(`${ws}__${t}:k:${n - 1}`)).toBe(`${t}-${n - 1}`);
        }
        expect(core.journal.open()).toEqual([]);
      },
    });
    report('import (redis)', tally);
    expect(tally.failures).toEqual([]);
    expect(tally.lost).toBe(0);
    expect(tally.injected).toBeGreaterThanOrEqual(4);
  }, 600_000);
});
