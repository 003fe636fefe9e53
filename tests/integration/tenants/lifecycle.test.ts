// Tenant lifecycle on each engine against the real servers: a tenant's role really connects,
// suspend refuses it and ends its sessions, resume lets it back; soft delete and restore; a hard
// delete needs the typed id and leaves no database or role; level 2 on a dedicated connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantRole } from '../../../main/core/tenants/names';
import { scanDirectory, secretForms } from '../../support/secret-scan';
import {
  addConnection,
  call,
  callError,
  connectAsTenant,
  databaseExists,
  dropEverything,
  ENGINES,
  makeBlueprint,
  makeTestCore,
  roleExists,
  runPrefix,
  type TestCore,
} from './harness';

describe.each(ENGINES)('tenant lifecycle on %s', (type) => {
  const prefix = runPrefix();
  const bp = `${prefix}_shop`;
  const tenant = `${prefix.replace('bpt_', 'l')}acme`;
  const database = `${bp}__${tenant}`;
  let core: TestCore;
  let connectionId: string;

  beforeAll(async () => {
    core = makeTestCore();
    connectionId = await addConnection(core, type);
    await makeBlueprint(core, connectionId, bp);
  });
  afterAll(async () => {
    await core?.dispose();
    await dropEverything(type, prefix);
  });

  it("creates a tenant whose own role can connect and use the blueprint's tables", async () => {
    const t = await call(core, 'tenants.create', {
      tenant_id: tenant,
      databases: [{ blueprint: bp, isolation_level: 1 }],
    });
    expect(t.status, t.message ?? '').toBe('ready');
    expect(t.databases[0]?.connection.user).toBe(tenantRole(database));
    const c = await connectAsTenant(core, type, tenant, bp);
    await c.query("INSERT INTO categories (name) VALUES ('books')");
    const r = await c.query('SELECT name FROM categories');
    expect(r.rows).toEqual([{ name: 'books' }]);
    await c.close();
    // The password is nowhere but behind reveal.
    expect(JSON.stringify(await call(core, 'tenants.get', { id: tenant }))).not.toContain(
      (await call(core, 'tenants.reveal', { id: tenant, blueprint: bp })).password,
    );
    expect(
      await callError(core, 'tenants.create', {
        tenant_id: tenant,
        databases: [{ blueprint: bp }],
      }),
    ).toMatchObject({ code: 'CONFLICT' });
  });

  it('suspend refuses the role and ends its open session; resume lets it back', async () => {
    const before = await call(core, 'tenants.impact', { id: tenant });
    const open = await connectAsTenant(core, type, tenant, bp);
    const second = await connectAsTenant(core, type, tenant, bp);
    // The preview counts the sessions a suspend would end, and changes nothing.
    const impact = await call(core, 'tenants.impact', { id: tenant });
    expect(impact).toMatchObject({ tenant_id: tenant, status: 'ready' });
    expect(impact.databases).toEqual([{ blueprint: bp, database, sessions: before.sessions! + 2 }]);
    expect(impact.sessions).toBe(before.sessions! + 2);
    expect(Number((await open.query('SELECT 1 AS one')).rows[0]?.one)).toBe(1);
    await second.close();
    const suspended = await call(core, 'tenants.suspend', { id: tenant });
    expect(suspended.status).toBe('suspended');
    await expect(open.query('SELECT 1 AS one')).rejects.toThrow();
    await open.close().catch(() => undefined);
    await expect(connectAsTenant(core, type, tenant, bp)).rejects.toThrow(
      /not permitted to log in|locked/i,
    );

    expect((await call(core, 'tenants.impact', { id: tenant })).sessions).toBe(0);
    expect((await call(core, 'tenants.resume', { id: tenant })).status).toBe('ready');
    const back = await connectAsTenant(core, type, tenant, bp);
    expect(Number((await back.query('SELECT COUNT(*) AS n FROM categories')).rows[0]?.n)).toBe(1);
    await back.close();
  });

  it('soft delete makes the tenant inaccessible and restore brings it back with its data', async () => {
    const del = await call(core, 'tenants.delete', { id: tenant });
    expect(del.status).toBe('deleted');
    expect((await call(core, 'tenants.get', { id: tenant })).deleted_at).not.toBeNull();
    await expect(connectAsTenant(core, type, tenant, bp)).rejects.toThrow();
    expect(await databaseExists(type, database)).toBe(true);
    expect((await call(core, 'tenants.restore', { id: tenant })).status).toBe('ready');
    const c = await connectAsTenant(core, type, tenant, bp);
    expect((await c.query('SELECT name FROM categories')).rows).toEqual([{ name: 'books' }]);
    await c.close();
  });

  it('level 2 puts the database on the dedicated connection the user names', async () => {
    const dedicated = await addConnection(core, type, `bpt dedicated ${type}`);
    const id = `${prefix.replace('bpt_', 'l')}big`;
    // Without a connection the database waits for vm-ready (tests/integration/tenant-ops/vm-ready).
    const waiting = await call(core, 'tenants.create', {
      tenant_id: `${id}w`,
      databases: [{ blueprint: bp, isolation_level: 2 }],
    });
    expect(waiting.status).toBe('provisioning');
    expect(waiting.message).toMatch(/vm-ready/);
    await call(core, 'tenants.delete', { id: `${id}w`, hard: true, confirm: `${id}w` });
    const t = await call(core, 'tenants.create', {
      tenant_id: id,
      databases: [{ blueprint: bp, isolation_level: 2, connection_id: dedicated }],
    });
    expect(t.status, t.message ?? '').toBe('ready');
    expect(t.databases[0]).toMatchObject({
      isolation_level: 2,
      connection_id: dedicated,
      version: '1.0',
    });
  });

  it("never writes the tenant role's password into the data directory", async () => {
    const { password } = await call(core, 'tenants.reveal', { id: tenant, blueprint: bp });
    // A failing call writes to the log as well.
    await callError(core, 'tenants.suspend', { id: 'nobody' });
    const { hits, files } = scanDirectory(core.dataDir, secretForms(password));
    expect(files.size).toBeGreaterThan(0);
    expect(hits).toEqual([]);
  });

  it('a hard delete needs the typed id and leaves no database or role behind', async () => {
    const wrong = await callError(core, 'tenants.delete', {
      id: tenant,
      hard: 'true',
      confirm: 'someone-else',
    });
    expect(wrong.code).toBe('BAD_INPUT');
    expect(wrong.message).toContain(`confirm=${tenant}`);
    expect(await databaseExists(type, database)).toBe(true);
    const gone = await call(core, 'tenants.delete', { id: tenant, hard: 'true', confirm: tenant });
    expect(gone.status).toBeNull();
    expect(await databaseExists(type, database)).toBe(false);
    expect(await roleExists(type, tenantRole(database))).toBe(false);
    expect(await callError(core, 'tenants.get', { id: tenant })).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await callError(core, 'tenants.reveal', { id: tenant, blueprint: bp })).toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
