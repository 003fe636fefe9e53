// Tenant backups through the contract on the real servers: back up, change data, roll back by day
// (the tenant's own role can still connect afterwards), refusals that name what exists, and
// backups that outlive a hard-deleted tenant until they are removed.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSqlConnectionUrl } from '../../../main/core/connections/url';
import { openClient } from '../../../main/core/db/client';
import {
  admin,
  call,
  callError,
  dropEverything,
  ENGINES,
  runPrefix,
  type TestCore,
} from '../tenants/harness';
import { coreWithBlueprint } from './helpers';

describe.each(ENGINES)('tenant backups on %s', (type) => {
  const prefix = runPrefix();
  const ws = `${prefix}_bk`;
  const tenant = `${prefix.replace('bpt_', 't')}acme`;
  const database = `${ws}__${tenant}`;
  let core: TestCore;

  const probe = async () => {
    const c = await admin(type, database);
    try {
      return (await c.query('SELECT v FROM bk_probe ORDER BY id')).rows.map((r) => r.v);
    } finally {
      await c.close();
    }
  };

  beforeAll(async () => {
    ({ core } = await coreWithBlueprint(type, ws, 'ecommerce'));
    const created = await call(core, 'tenants.create', {
      tenant_id: tenant,
      databases: [{ blueprint: ws, isolation_level: 1 }],
    });
    expect(created.status, created.message ?? '').toBe('ready');
    const c = await admin(type, database);
    await c.query('CREATE TABLE bk_probe (id int PRIMARY KEY, v varchar(20))');
    await c.query("INSERT INTO bk_probe VALUES (1, 'one'), (2, 'two')");
    await c.close();
  });
  afterAll(async () => {
    await core?.dispose();
    await dropEverything(type, prefix);
  });

  it('backs up each database of the tenant and rolls back to the newest backup of the day', async () => {
    const steps: string[] = [];
    const stop = core.events.subscribe((e) => {
      if (e.event === 'backups.progressed' && e.payload.tenant_id === tenant)
        steps.push(`${e.payload.operation}:${e.payload.step}`);
    });
    const made = await call(core, 'tenants.backup', { id: tenant });
    expect(made.backups).toHaveLength(1);
    const backup = made.backups[0]!;
    expect(backup).toMatchObject({
      tenant_id: tenant,
      blueprint: ws,
      database,
      database_type: type === 'postgresql' ? 'PostgreSQL' : 'MySQL',
    });
    expect(backup.rows.bk_probe).toBe(2);
    expect(existsSync(backup.storage_path)).toBe(true);
    // Dumps hold the tenant's data: this user's only, in a folder of this user's only.
    expect(statSync(backup.storage_path).mode & 0o777).toBe(0o600);
    expect(statSync(join(backup.storage_path, '..')).mode & 0o777).toBe(0o700);
    expect(backup.storage_path.startsWith(core.paths.backups)).toBe(true);
    expect((await call(core, 'tenants.backups', { id: tenant })).count).toBe(1);

    const c = await admin(type, database);
    await c.query("UPDATE bk_probe SET v = 'changed' WHERE id = 1");
    await c.query("INSERT INTO bk_probe VALUES (3, 'three')");
    await c.close();

    const rolled = await call(core, 'tenants.rollback', {
      id: tenant,
      date: backup.created_at.slice(0, 10),
    });
    expect(rolled.restored).toEqual([{ database, backup_id: backup.id }]);
    expect(await probe()).toEqual(['one', 'two']);
    stop();
    expect(steps).toEqual(
      expect.arrayContaining([
        'backup:dumping',
        'backup:done',
        'restore:verifying',
        'restore:swapping',
        'restore:done',
      ]),
    );

    // The tenant's own role still reaches its restored database.
    const secret = await call(core, 'tenants.reveal', { id: tenant, blueprint: ws });
    const asTenant = await openClient({
      ...parseSqlConnectionUrl(secret.connection_string),
      tls: { mode: 'disable' },
    });
    expect((await asTenant.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    await asTenant.close();

    // By file: the one backup, named by its path.
    const byPath = await call(core, 'tenants.rollback', {
      id: tenant,
      storage_path: backup.storage_path,
    });
    expect(byPath.restored[0]?.backup_id).toBe(backup.id);
  });

  it('says which days have backups, and refuses a file it did not make', async () => {
    const none = await callError(core, 'tenants.rollback', { id: tenant, date: '2001-01-01' });
    expect(none.code).toBe('NOT_FOUND');
    expect(none.message).toMatch(
      /No backup of .* from 2001-01-01\. Days with one: \d{4}-\d\d-\d\d\./,
    );
    const foreign = await callError(core, 'tenants.rollback', {
      id: tenant,
      storage_path: '/etc/passwd',
    });
    expect(foreign.code).toBe('NOT_FOUND');
    expect(foreign.message).toMatch(/is not a backup of tenant .* that Benchphant made/);
    const both = await callError(core, 'tenants.rollback', { id: tenant });
    expect(both.code).toBe('BAD_INPUT');
    expect(both.message).toMatch(/give either date or storage_path/);
  });

  it("keeps a hard-deleted tenant's backups until they are removed", async () => {
    await call(core, 'tenants.delete', { id: tenant, hard: true, confirm: tenant });
    const kept = await call(core, 'tenants.backups', { id: tenant });
    expect(kept.count).toBe(1);
    const path = kept.backups[0]!.storage_path;
    expect(existsSync(path)).toBe(true);
    const removed = await call(core, 'backups.delete', { id: kept.backups[0]!.id });
    expect(removed.message).toMatch(/^Backup of .* deleted\.$/);
    expect(existsSync(path)).toBe(false);
    const gone = await callError(core, 'tenants.backups', { id: tenant });
    expect(gone.code).toBe('NOT_FOUND');
  });
});
