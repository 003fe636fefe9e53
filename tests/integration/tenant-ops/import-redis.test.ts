// Imports into a Redis workspace through the dispatcher: a private Redis (port 15855) holds a
// shared database whose keys name their tenant (`app:<tenant>:…`); the tenants live on the
// machine's Redis (6379). The analysis counts keys per tenant, and predicts the failures in the
// plan-check shape (unrouted keys, missing tenants, a source user without DUMP) that start
// refuses while open; the copy keeps values and TTLs, and is verified by key count.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportStatus } from '../../../shared/contract/tenant-ops';
import { redisSession } from '../../support/redis-session';
import { startPrivateRedis, type PrivateRedis } from '../../support/private-redis';
import { testRedis } from '../../support/test-databases';
import { call, callError, makeTestCore, type TestCore } from '../tenants/harness';

const RUN = `h18im${randomBytes(3).toString('hex')}`;
const ws = `${RUN}_kv`;
const PORT = 15855;
const PASSWORD = `pw-${randomBytes(6).toString('hex')}`;
const NODUMP = `pw-${randomBytes(6).toString('hex')}`;
const acme = `${RUN}acme`;
const globex = `${RUN}globex`;
const PATTERN = 'app:{tenant}:*';

let core: TestCore;
let source: PrivateRedis;
let src: Redis;
let home: Redis;
let sourceId: string;
let nodumpId: string;

async function finished(id: string): Promise<ImportStatus> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const s = await call(core, 'workspaces.importStatus', { id: ws, import_id: id });
    if (s.status !== 'running' || Date.now() > deadline) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  source = await startPrivateRedis(PORT, {
    requirepass: PASSWORD,
    acl: [`nodump on >${NODUMP} ~* +@all -dump`],
  });
  src = await redisSession(PORT, { password: PASSWORD });
  await src.select(3);
  await src.hset(`app:${acme}:user:1`, 'name', 'Ada', 'plan', 'pro');
  await src.set(`app:${acme}:visits`, '41', 'PX', 600_000);
  await src.rpush(`app:${acme}:queue`, 'a', 'b');
  for (let i = 0; i < 700; i++) await src.set(`app:${globex}:item:${i}`, String(i));
  await src.set('app:Not A Tenant:x', '1');
  await src.set('global:config', 'shared');
  home = await redisSession(6379, {});
  core = makeTestCore();
  const shared = (await call(core, 'connections.create', { ...testRedis(), name: `${RUN} home` }))
    .id;
  sourceId = (
    await call(core, 'connections.create', {
      ...testRedis(),
      name: `${RUN} source`,
      port: PORT,
      password: PASSWORD,
    })
  ).id;
  nodumpId = (
    await call(core, 'connections.create', {
      ...testRedis(),
      name: `${RUN} nodump`,
      port: PORT,
      username: 'nodump',
      password: NODUMP,
    })
  ).id;
  await call(core, 'workspaces.create', { name: ws, connection_id: shared, database: 'Redis' });
  await call(core, 'workspaces.query', { id: ws, query: `SET ${ws}_dev:schema 1` });
  await call(core, 'workspaces.deploy', { id: ws });
}, 60_000);

afterAll(async () => {
  for (const t of [acme, globex])
    await call(core, 'tenants.delete', { id: t, hard: true, confirm: t }).catch(() => undefined);
  await call(core, 'workspaces.delete', { id: ws }).catch(() => undefined);
  await core?.dispose();
  src?.disconnect();
  home?.disconnect();
  await source?.stop();
});

describe('importing a shared Redis database into tenants', () => {
  it('analyses keys per tenant and predicts what would fail', async () => {
    const a = await call(core, 'workspaces.importAnalyze', {
      id: ws,
      connection_id: sourceId,
      database: '3',
      key_pattern: PATTERN,
    });
    expect(a.source).toMatchObject({ type: 'redis', port: PORT, database: '3' });
    expect(a.routing_field).toBe(PATTERN);
    expect(a.tenants).toEqual([
      { tenant_id: acme, rows: 3, exists: false },
      { tenant_id: globex, rows: 700, exists: false },
    ]);
    expect(a.invalid_tenants).toEqual([
      expect.objectContaining({ value: 'Not A Tenant', rows: 1 }),
    ]);
    expect(a.tables_without_routing).toEqual(['unrouted keys']);
    expect(a.problems.map((p) => p.kind).sort()).toEqual([
      'keys_unrouted',
      'tenant_missing',
      'tenant_missing',
    ]);
    expect(a.problems.find((p) => p.kind === 'keys_unrouted')).toMatchObject({
      message: `1 key of the source is not under ${PATTERN}, so no tenant would get it.`,
      fixes: [{ option: 'leave_out', table: 'unrouted keys' }],
    });
  });

  it('refuses to start while a predicted failure is open', async () => {
    const err = await callError(core, 'workspaces.importData', {
      id: ws,
      connection_id: sourceId,
      database: '3',
      key_pattern: PATTERN,
      options: { create_tenants: true },
    });
    expect(err.code).toBe('REFUSED');
    expect(err.message).toContain('not under app:{tenant}:*');
    expect(err.message).toContain('add unrouted keys to leave_out');
  });

  it('predicts a source user that may not DUMP, which no option resolves', async () => {
    const a = await call(core, 'workspaces.importAnalyze', {
      id: ws,
      connection_id: nodumpId,
      database: '3',
      key_pattern: PATTERN,
    });
    const denied = a.problems.find((p) => p.kind === 'source_denied');
    expect(denied?.message).toMatch(/^The source's user nodump may not DUMP its keys \(NOPERM/);
    expect(denied?.fixes).toEqual([]);
    const err = await callError(core, 'workspaces.importData', {
      id: ws,
      connection_id: nodumpId,
      database: '3',
      key_pattern: PATTERN,
      shared_tables: 'skip',
      options: { create_tenants: true },
    });
    expect(err.code).toBe('REFUSED');
    expect(err.message).toContain('may not DUMP');
  });

  it('copies each tenant its keys with values and TTLs, verified by count', async () => {
    const started = await call(core, 'workspaces.importData', {
      id: ws,
      connection_id: sourceId,
      database: '3',
      key_pattern: PATTERN,
      shared_tables: 'skip',
      options: { create_tenants: true },
    });
    const done = await finished(started.import_id);
    expect(done.status, done.message ?? '').toBe('completed');
    expect(done.verified).toBe(true);
    expect(done.tenants.map((t) => [t.tenant_id, t.status, t.rows_copied])).toEqual([
      [acme, 'completed', 3],
      [globex, 'completed', 700],
    ]);
    const p = `${ws}__${acme}:`;
    expect(await home.hgetall(`${p}user:1`)).toEqual({ name: 'Ada', plan: 'pro' });
    expect(await home.lrange(`${p}queue`, 0, -1)).toEqual(['a', 'b']);
    const ttl = await home.pttl(`${p}visits`);
    expect(ttl).toBeGreaterThan(500_000);
    // The blueprint's own key is still there beside the imported ones.
    expect(await home.get(`${p}schema`)).toBe('1');
    expect(await home.get(`${ws}__${globex}:item:699`)).toBe('699');
    expect(await home.exists(`${p}config`, `${ws}__${acme}:x`)).toBe(0);
    // The tenant's own user reads what was imported for it.
    const login = await call(core, 'tenants.reveal', { id: acme, blueprint: ws });
    const as = await redisSession(6379, { user: login.user, password: login.password });
    expect(await as.hget(`${p}user:1`, 'name')).toBe('Ada');
    as.disconnect();
  }, 120_000);

  it('refuses import-full, which imports a schema a key space does not have', async () => {
    const err = await callError(core, 'workspaces.importFull', {
      id: ws,
      connection_id: sourceId,
      key_pattern: PATTERN,
    });
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toContain('use import-data');
  });
});
