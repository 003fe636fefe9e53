// The import's predictions against the real servers: a blueprint that lacks a source table, lacks
// the routing column in some tables, requires it in another and in a table the source has without
// it. The analysis names each mismatch with the options that resolve it; a start with any left
// open is refused before a tenant is created; with them resolved the import completes. A copy that
// fails anyway (a CHECK the source's rows break) removes the tenant it created, and the resume that
// leaves that table out creates it again and finishes.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbType } from '../../../shared/model/connection';
import {
  addConnection,
  call,
  callError,
  dropEverything,
  ENGINES,
  makeTestCore,
  type TestCore,
} from '../tenants/harness';
import { makeSharedSource, waitForImport } from './import-support';

/** The blueprint: no events; customers, orders and notes without tenant_id; tags and regions require it. */
const BLUEPRINT: Record<DbType, string[]> = {
  postgresql: [
    'CREATE TABLE regions (code varchar(10) PRIMARY KEY, name text NOT NULL, tenant_id varchar(40) NOT NULL)',
    `CREATE TABLE customers (id serial PRIMARY KEY, name varchar(100) NOT NULL, region varchar(10),
       profile jsonb, photo bytea, joined timestamp)`,
    'CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, amount numeric(12,2) NOT NULL CHECK (amount < 1000000))',
    'CREATE TABLE notes (id int PRIMARY KEY, body text)',
    'CREATE TABLE tags (tenant_id varchar(40) NOT NULL, label varchar(20) NOT NULL)',
  ],
  mysql: [
    'CREATE TABLE regions (code varchar(10) PRIMARY KEY, name text NOT NULL, tenant_id varchar(40) NOT NULL)',
    `CREATE TABLE customers (id int AUTO_INCREMENT PRIMARY KEY, name varchar(100) NOT NULL, region varchar(10),
       profile json, photo blob, joined datetime)`,
    'CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, amount decimal(12,2) NOT NULL CHECK (amount < 1000000))',
    'CREATE TABLE notes (id int PRIMARY KEY, body text)',
    'CREATE TABLE tags (tenant_id varchar(40) NOT NULL, label varchar(20) NOT NULL)',
  ],
};

describe.each(ENGINES)('import plan check on %s', (type: DbType) => {
  const prefix = `bpp_${randomBytes(3).toString('hex')}`;
  const source = `${prefix}_shared`;
  const ws = `${prefix}_app`;
  let core: TestCore;
  let connectionId: string;
  const from = () => ({ id: ws, connection_id: connectionId, database: source });

  beforeAll(async () => {
    core = makeTestCore();
    connectionId = await addConnection(core, type, `bpp ${type}`);
    await makeSharedSource(type, source, { bigRows: 0 });
    await call(core, 'workspaces.create', { name: ws, connection_id: connectionId });
    for (const sql of BLUEPRINT[type]) await call(core, 'workspaces.query', { id: ws, query: sql });
    await call(core, 'workspaces.deploy', { id: ws });
  }, 60_000);
  afterAll(async () => {
    await core?.dispose();
    await dropEverything(type, prefix);
  });

  it('names each mismatch with the blueprint and the tenants, and the options that resolve it', async () => {
    const a = await call(core, 'workspaces.importAnalyze', from());
    expect(a.blueprint_version).toBe('1.0');
    const byKey = Object.fromEntries(
      a.problems.map((p) => [`${p.kind}:${p.table ?? p.message}`, p.fixes]),
    );
    expect(a.problems.map((p) => `${p.kind}:${p.table ?? ''}:${p.column ?? ''}`)).toEqual([
      'table_missing:events:',
      'routing_missing:notes:tenant_id',
      'column_required:regions:tenant_id',
      'routing_required:tags:tenant_id',
      'routing_missing:customers:tenant_id',
      'routing_missing:orders:tenant_id',
      'tenant_missing::',
      'tenant_missing::',
      'tenant_missing::',
    ]);
    expect(byKey['table_missing:events']).toEqual([
      { option: 'leave_out', table: 'events' },
      { option: 'import_schema' },
    ]);
    expect(byKey['routing_missing:customers']).toEqual([
      { option: 'drop_routing_column', value: true },
      { option: 'leave_out', table: 'customers' },
      { option: 'import_schema' },
    ]);
    expect(byKey['routing_required:tags']).toEqual([
      { option: 'drop_routing_column', value: false },
      { option: 'leave_out', table: 'tags' },
      { option: 'import_schema' },
    ]);
    expect(byKey['column_required:regions']).toEqual([
      { option: 'leave_out', table: 'regions' },
      { option: 'import_schema' },
    ]);
    const tenants = a.problems.filter((p) => p.kind === 'tenant_missing');
    expect(tenants.map((p) => p.message)).toEqual([
      'Tenant acme does not exist.',
      'Tenant beta does not exist.',
      'Tenant gamma does not exist.',
    ]);
    expect(tenants.every((p) => p.fixes[0]?.option === 'create_tenants')).toBe(true);
    expect(a.problems.find((p) => p.table === 'events')?.message).toBe(
      `Table events is not in blueprint '${ws}' 1.0.`,
    );
    expect(a.message).toMatch(/9 mismatches with blueprint '.*' 1\.0 or the tenants/);
  });

  it('refuses a start that would fail, naming what resolves it, and creates no tenant', async () => {
    const refused = await callError(core, 'workspaces.importData', {
      ...from(),
      options: { create_tenants: true },
    });
    expect(refused.code).toBe('REFUSED');
    expect(refused.message).toMatch(/^This import would fail: Table events is not in blueprint/);
    expect(refused.message).toContain('Resolve: add events to leave_out or use import-full.');
    expect(refused.message).toContain('Table customers of blueprint');
    expect(refused.message).toContain(
      'Resolve: set drop_routing_column=true or add customers to leave_out or use import-full.',
    );
    // Dropping the column resolves three tables and opens tags (it requires the column).
    const dropped = await callError(core, 'workspaces.importData', {
      ...from(),
      leave_out: ['events', 'regions'],
      options: { create_tenants: true, drop_routing_column: true },
    });
    expect(dropped.message).toMatch(
      /^This import would fail: Table tags of blueprint .* requires tenant_id \(NOT NULL without a default\).* Resolve: set drop_routing_column=false or add tags to leave_out or use import-full\.$/,
    );
    const list = await call(core, 'tenants.list', {});
    expect(list.tenants.map((t) => t.tenant_id)).toEqual([]);
  });

  it('imports once resolved; a tenant whose copy fails anyway is removed, and resume with a table left out creates and fills it', async () => {
    const started = await call(core, 'workspaces.importData', {
      ...from(),
      leave_out: ['events', 'regions', 'tags'],
      options: { create_tenants: true, drop_routing_column: true },
    });
    expect(started.options.leave_out).toEqual(['events', 'regions', 'tags']);
    const failed = await waitForImport(core, ws, started.import_id);
    expect(failed.status).toBe('failed');
    const acme = failed.tenants.find((t) => t.tenant_id === 'acme');
    expect(acme?.status).toBe('failed');
    expect(acme?.error).toMatch(/Tenant 'acme' was made for this import and is removed again/);
    expect(acme?.tables.every((t) => t.status === 'pending')).toBe(true);
    expect(failed.tenants.filter((t) => t.status === 'completed').map((t) => t.tenant_id)).toEqual([
      'beta',
      'gamma',
    ]);
    // acme's order of 99,999,999.99 breaks the blueprint's CHECK: the tenant made for it is gone.
    const after = await call(core, 'tenants.list', {});
    expect(after.tenants.map((t) => t.tenant_id).sort()).toEqual(['beta', 'gamma']);

    const resumed = await call(core, 'workspaces.importData', {
      ...from(),
      resume: started.import_id,
      leave_out: ['events', 'regions', 'tags', 'orders'],
    });
    expect(resumed.options).toMatchObject({
      leave_out: ['events', 'regions', 'tags', 'orders'],
      drop_routing_column: true,
      create_tenants: true,
    });
    const done = await waitForImport(core, ws, started.import_id);
    expect(done.status, done.message ?? '').toBe('completed');
    expect(done.verified).toBe(true);
    const tables = Object.fromEntries(
      done.tenants.map((t) => [t.tenant_id, t.tables.map((x) => x.table)]),
    );
    // beta and gamma keep the orders they verified before; acme's never came.
    expect(tables.acme).toEqual(['notes', 'customers']);
    expect(tables.beta).toEqual(['notes', 'customers', 'orders']);
    const final = await call(core, 'tenants.list', {});
    expect(final.tenants.map((t) => t.tenant_id).sort()).toEqual(['acme', 'beta', 'gamma']);
  }, 120_000);
});
