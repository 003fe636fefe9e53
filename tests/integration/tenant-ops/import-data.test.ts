// Import from a shared database on each engine against the real servers: a 3-tenant source
// (customers and orders carrying tenant_id, regions without it, one row with a routing value that
// is no tenant id) analysed, then imported schema and data (import-full) with tenants created,
// the routing column dropped and row counts verified; values of every kind copied exactly.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbType } from '../../../shared/model/connection';
import { introspect } from '../../../main/core/tenants/introspect';
import { quoter } from '../../../main/core/tenants/sql/quote';
import {
  addConnection,
  admin,
  call,
  callError,
  dropEverything,
  ENGINES,
  makeTestCore,
  serverParams,
  type TestCore,
} from '../tenants/harness';
import { makeSharedSource, waitForImport } from './import-support';

describe.each(ENGINES)('import from a shared database on %s', (type: DbType) => {
  const prefix = `bpi_${randomBytes(3).toString('hex')}`;
  const source = `${prefix}_shared`;
  const ws = `${prefix}_app`;
  let core: TestCore;
  let connectionId: string;

  beforeAll(async () => {
    core = makeTestCore();
    connectionId = await addConnection(core, type, `bpi ${type}`);
    await makeSharedSource(type, source, { bigRows: 0 });
    await call(core, 'workspaces.create', { name: ws, connection_id: connectionId });
  });
  afterAll(async () => {
    await core?.dispose();
    await dropEverything(type, prefix);
  });

  /** The spec's inline connection to the source: its password is used for this call only. */
  const inline = (login: { user?: string; password?: string } = {}) => {
    const p = serverParams(type);
    return {
      type,
      host: p.host,
      port: p.port,
      database: source,
      user: login.user ?? p.username,
      ...(login.password
        ? { password: login.password }
        : p.password
          ? { password: p.password }
          : {}),
      ...(p.tls ? { tls: p.tls } : {}),
    };
  };

  it('analyses the source: tables with and without the routing column, tenants, rows per tenant', async () => {
    const a = await call(core, 'workspaces.importAnalyze', { id: ws, connection: inline() });
    expect(a.routing_field).toBe('tenant_id');
    expect(a.tables_with_routing).toEqual(['events', 'notes', 'tags', 'customers', 'orders']);
    expect(a.tables_without_routing).toEqual(['regions']);
    // Parents first: regions before customers before orders, not the alphabetical order.
    expect(a.copy_order).toEqual(['events', 'notes', 'regions', 'tags', 'customers', 'orders']);
    expect(a.tenants).toEqual([
      { tenant_id: 'acme', rows: 14, exists: false },
      { tenant_id: 'beta', rows: 6, exists: false },
      { tenant_id: 'gamma', rows: 2, exists: false },
    ]);
    expect(a.invalid_tenants).toEqual([
      expect.objectContaining({ value: 'Not A Tenant', rows: 1 }),
    ]);
    expect(a.tables.find((t) => t.name === 'orders')).toMatchObject({
      rows: 5,
      action: 'split',
      rows_per_tenant: { acme: 4, beta: 1 },
    });
    expect(a.tables.find((t) => t.name === 'regions')).toMatchObject({ rows: 2, action: 'copy' });
    expect(a.message).toMatch(
      /3 tenants in 5 tables with tenant_id; 1 without it \(regions\) are copied whole into every tenant/,
    );

    const skip = await call(core, 'workspaces.importAnalyze', {
      id: ws,
      connection_id: connectionId,
      database: source,
      shared_tables: 'skip',
    });
    expect(skip.copy_order).toEqual(['events', 'notes', 'tags', 'customers', 'orders']);

    const none = await callError(core, 'workspaces.importAnalyze', {
      id: ws,
      connection_id: connectionId,
      database: source,
      routing_field: 'org_id',
    });
    expect(none.message).toMatch(/No table of .* has the routing column org_id/);
    const both = await callError(core, 'workspaces.importAnalyze', { id: ws });
    expect(both.message).toMatch(/give either connection_id or connection/);
  });

  it('answers a wrong login for the source as bad input (400) naming the cause', async () => {
    // PostgreSQL here trusts any password of a known role, so the role is the wrong part there.
    const user = type === 'postgresql' ? `${prefix}_nobody` : serverParams(type).username;
    const err = await callError(core, 'workspaces.importAnalyze', {
      id: ws,
      connection: inline({ user, password: 'not-the-password' }),
    });
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toMatch(
      new RegExp(
        `^The source database refused the login: Authentication failed for user '${user}'`,
      ),
    );
    expect(err.message).not.toContain('not-the-password');
  });

  it('refuses to import into tenants that do not exist unless told to create them', async () => {
    const other = `${prefix}_nocreate`;
    await call(core, 'workspaces.create', { name: other, connection_id: connectionId });
    await call(core, 'workspaces.importSchema', {
      id: other,
      source: 'database',
      connection_id: connectionId,
      database: source,
    });
    await call(core, 'workspaces.deploy', { id: other });
    const refused = await callError(core, 'workspaces.importData', {
      id: other,
      connection_id: connectionId,
      database: source,
    });
    expect(refused.code).toBe('REFUSED');
    expect(refused.message).toMatch(
      /Tenant acme does not exist. Resolve: set options.create_tenants./,
    );
  });

  it('imports schema and data: each tenant gets exactly its rows, verified', async () => {
    const events: string[] = [];
    const stop = core.events.subscribe((e) => {
      if (e.event === 'imports.progressed' && e.payload.tenant_id)
        events.push(`${e.payload.tenant_id}:${e.payload.tenant_status ?? ''}`);
    });
    const started = await call(core, 'workspaces.importFull', {
      id: ws,
      connection_id: connectionId,
      database: source,
      options: { drop_routing_column: true, create_tenants: true },
      // Pages of two rows: every table is read over several keyset (or ordered) pages.
      batch_size: 2,
    });
    expect(started.blueprint_version).toBe('1.0');
    expect(started.status).toBe('running');
    const done = await waitForImport(core, ws, started.import_id);
    stop();
    expect(done.message).toMatch(/exactly the source rows/);
    expect(done.status).toBe('completed');
    expect(done.verified).toBe(true);
    expect(done.progress).toBe(100);
    const counts = Object.fromEntries(
      done.tenants.map((t) => [
        t.tenant_id,
        Object.fromEntries(t.tables.map((x) => [x.table, [x.source_rows, x.target_rows]])),
      ]),
    );
    expect(counts).toEqual({
      acme: {
        events: [0, 0],
        notes: [3, 3],
        regions: [2, 2],
        tags: [3, 3],
        customers: [4, 4],
        orders: [4, 4],
      },
      beta: {
        events: [0, 0],
        notes: [2, 2],
        regions: [2, 2],
        tags: [0, 0],
        customers: [3, 3],
        orders: [1, 1],
      },
      gamma: {
        events: [0, 0],
        notes: [0, 0],
        regions: [2, 2],
        tags: [1, 1],
        customers: [1, 1],
        orders: [0, 0],
      },
    });
    expect(events).toEqual(
      expect.arrayContaining(['acme:running', 'acme:completed', 'gamma:completed']),
    );

    const tenant = await call(core, 'tenants.get', { id: 'acme' });
    expect(tenant.status).toBe('ready');
    const c = await admin(type, `${ws}__acme`);
    const q = quoter(type);
    try {
      const cols = await c.query(
        type === 'postgresql'
          ? "SELECT column_name AS c FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'customers'"
          : "SELECT column_name AS c FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'customers'",
      );
      expect(cols.rows.map((r) => r.c)).not.toContain('tenant_id');
      const rows = await c.query(
        type === 'postgresql'
          ? "SELECT id, name, region, profile::text AS profile, encode(photo, 'hex') AS photo, joined::text AS joined FROM customers ORDER BY id"
          : 'SELECT id, name, region, CAST(profile AS CHAR) AS profile, HEX(photo) AS photo, CAST(joined AS CHAR) AS joined FROM customers ORDER BY id',
      );
      expect(rows.rows.map((r) => r.name)).toEqual(['Ann', 'Bob', "O'Hara", 'Zoë']);
      const ann = rows.rows[0]!;
      expect(String(ann.photo).toLowerCase()).toBe('00ff10');
      expect(JSON.parse(String(ann.profile))).toEqual({ tags: ['a', 'b'], vip: true });
      expect(String(ann.joined)).toMatch(/^2024-02-29 13:45:01/);
      const total = await c.query(`SELECT sum(amount) AS s FROM ${q.ident('orders')}`);
      expect(Number(total.rows[0]?.s)).toBeCloseTo(1234.56 + 0.01 + 10 + 99999999.99, 2);
      // The id sequence continues after the copied ids.
      await c.query(`INSERT INTO customers (name, region) VALUES ('New', 'eu')`);
      const maxId = await c.query('SELECT max(id) AS m FROM customers');
      expect(Number(maxId.rows[0]?.m)).toBeGreaterThan(4);
      const notes = await c.query('SELECT id, body FROM notes ORDER BY id');
      expect(notes.rows.map((r) => [Number(r.id), r.body])).toEqual([
        [1, 'a1'],
        [2, 'a2'],
        [3, null],
      ]);
      // The (tenant_id, id) key is rebuilt on id alone.
      const notesInfo = (await introspect(c)).tables.find((t) => t.name === 'notes');
      expect(notesInfo?.indexes.find((i) => i.primary)?.columns).toEqual(['id']);
      const tags = await c.query('SELECT label FROM tags ORDER BY label');
      expect(tags.rows.map((r) => r.label)).toEqual(['x', 'y', 'y']);
    } finally {
      await c.close();
    }
    const status = await call(core, 'workspaces.importStatus', {
      id: ws,
      import_id: done.import_id,
    });
    expect(status).toEqual(done);
    const done2 = await callError(core, 'workspaces.importData', {
      id: ws,
      connection_id: connectionId,
      database: source,
      resume: done.import_id,
    });
    expect(done2.code).toBe('CONFLICT');
  });
});
