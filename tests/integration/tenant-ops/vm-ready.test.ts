// Dedicated servers that come later, against the shared PostgreSQL and a private one: a level-2
// tenant without a connection waits (`provisioning`, across a restart) until POST
// /webhooks/vm-ready (authenticated like every call) names its server by connection_id or inline;
// then its database is created there and it is ready. PATCH isolation 2 without a connection waits
// the same way and then moves the data. A server that does not answer leaves the tenant waiting.
// The spec's inline connection objects (schema import, import-full) work like connection_id, their
// password used for that call only.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openClient } from '../../../main/core/db/client';
import { silentLogger } from '../../../main/core/logging/logger';
import { createMemorySecretStore } from '../../../main/core/secrets/secret-store';
import { startServer, type RunningServer } from '../../../main/server/server';
import { startPrivatePostgres, type PrivatePostgres } from '../../support/private-postgres';
import { scanDirectory, secretForms } from '../../support/secret-scan';
import { makeTempDir, type TempDir } from '../../support/temp-dir';
import {
  addConnection,
  admin,
  call,
  callError,
  databaseExists,
  dropEverything,
  makeBlueprint,
  makeTestCore,
  type TestCore,
} from '../tenants/harness';
import { asTenantOn } from './helpers';
import { waitForImport } from './import-support';

const prefix = `bpv_${randomBytes(3).toString('hex')}`;
const bp = `${prefix}_app`;
const TOKEN = `vm-ready-token-${prefix}`;
const secrets = createMemorySecretStore();
let dir: TempDir;
let core: TestCore;
let server: RunningServer;
let dedicated: PrivatePostgres;
let shared: string;

async function api(method: string, path: string, body?: unknown, auth = `Bearer ${TOKEN}`) {
  const res = await fetch(`http://127.0.0.1:${server.port}${path}`, {
    method,
    headers: { Authorization: auth, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, text: await res.text() };
}
const json = (r: { text: string }) => JSON.parse(r.text) as Record<string, unknown>;

async function open(): Promise<void> {
  core = makeTestCore({ dataDir: dir.path, secrets });
  server = await startServer({ core, port: 0, token: TOKEN, logger: silentLogger });
}
async function close(): Promise<void> {
  await server.close();
  await core.close();
}

beforeAll(async () => {
  dir = makeTempDir('benchphant-vm-ready-');
  dedicated = await startPrivatePostgres({ password: `bpv-${randomBytes(6).toString('hex')}` });
  await open();
  shared = await addConnection(core, 'postgresql', `${prefix} shared`);
  await makeBlueprint(core, shared, bp);
}, 120_000);
afterAll(async () => {
  // The private server stops even when a failed test left a tenant that cannot be deleted.
  try {
    if (core) {
      const { tenants } = await call(core, 'tenants.list', {});
      for (const t of tenants)
        await call(core, 'tenants.delete', { id: t.tenant_id, hard: true, confirm: t.tenant_id });
    }
  } finally {
    await server?.close();
    await core?.close();
    await dedicated?.stop();
    dir?.remove();
    await dropEverything('postgresql', prefix);
  }
});

describe('POST /tenants at isolation level 2 without a connection', () => {
  const tenant = 'acme';
  const database = `${bp}__${tenant}`;

  it('answers with the spec body: the tenant is provisioning, its database waits', async () => {
    const res = await api('POST', '/api/v1/tenants', {
      tenant_id: tenant,
      databases: [{ blueprint: bp, isolation_level: 2 }],
    });
    expect(res.status).toBe(201);
    const body = json(res);
    expect(body).toMatchObject({ tenant_id: tenant, status: 'provisioning' });
    expect(String(body.message)).toMatch(/vm-ready/);
    expect(body.databases).toMatchObject([{ blueprint: bp, isolation_level: 2, version: null }]);
    expect(await databaseExists('postgresql', database)).toBe(false);
  });

  it('keeps waiting across a restart, and refuses what a waiting tenant cannot do', async () => {
    await close();
    await open();
    const t = await call(core, 'tenants.get', { id: tenant });
    expect(t.status).toBe('provisioning');
    expect((await callError(core, 'tenants.suspend', { id: tenant })).code).toBe('CONFLICT');
  }, 60_000);

  it('is authenticated like every call, and checks what it is given', async () => {
    expect(
      (await api('POST', '/api/v1/webhooks/vm-ready', { tenant_id: tenant }, 'Bearer nope')).status,
    ).toBe(401);
    expect((await api('POST', '/api/v1/webhooks/vm-ready', { tenant_id: tenant })).status).toBe(
      400,
    );
    expect(
      (
        await api('POST', '/api/v1/webhooks/vm-ready', {
          tenant_id: tenant,
          connection_id: '00000000-0000-4000-8000-000000000000',
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api('POST', '/api/v1/webhooks/vm-ready', {
          tenant_id: 'nobody',
          connection_id: shared,
        })
      ).status,
    ).toBe(404);
  });

  it('leaves the tenant waiting when the server does not answer', async () => {
    const dead = await call(core, 'connections.create', {
      name: `${prefix} dead`,
      type: 'postgresql',
      host: '127.0.0.1',
      port: 15419,
      database: 'postgres',
      username: 'bench',
      tls: { mode: 'disable' },
    });
    const res = await api('POST', '/api/v1/webhooks/vm-ready', {
      tenant_id: tenant,
      connection_id: dead.id,
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(json(res).error).toMatch(/still waits for its server/);
    const t = await call(core, 'tenants.get', { id: tenant });
    expect(t.status).toBe('provisioning');
    expect(t.databases[0]?.connection_id).toBe('');
    expect(core.journal.open('attach')).toEqual([]);
  }, 60_000);

  it('creates the database on the inline connection and makes the tenant ready', async () => {
    const p = dedicated.params;
    const res = await api('POST', '/api/v1/webhooks/vm-ready', {
      tenant_id: tenant,
      connection: {
        type: 'postgresql',
        host: p.host,
        port: p.port,
        database: p.database,
        user: p.username,
        password: dedicated.password,
        tls: { mode: 'disable' },
      },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.text).not.toContain(dedicated.password);
    const body = json(res);
    expect(body).toMatchObject({
      status: 'ready',
      attached: [{ blueprint: bp, database }],
      databases: [{ isolation_level: 2, version: '1.0', connection_id: body.connection_id }],
    });
    // The inline server is now a saved connection; its password went to the secret store only.
    const saved = await call(core, 'connections.get', { id: String(body.connection_id) });
    expect(saved).toMatchObject({ host: p.host, port: p.port });
    // Nowhere in the data directory either: store, its WAL, the log.
    expect(scanDirectory(dir.path, secretForms(dedicated.password)).hits).toEqual([]);
    const c = await asTenantOn(core, bp, tenant, p);
    expect((await c.query('SELECT count(*)::int AS n FROM products')).rows).toEqual([{ n: 0 }]);
    await c.close();
    expect(await databaseExists('postgresql', database)).toBe(false);
    expect(
      (await api('POST', '/api/v1/webhooks/vm-ready', { tenant_id: tenant, connection_id: shared }))
        .status,
    ).toBe(409);
  }, 120_000);
});

describe('PATCH /tenants/{id}/isolation to level 2 without a connection', () => {
  const tenant = 'beta';
  const database = `${bp}__${tenant}`;

  it('waits for vm-ready, then moves the data to the dedicated server', async () => {
    const made = await call(core, 'tenants.create', {
      tenant_id: tenant,
      databases: [{ blueprint: bp, isolation_level: 1 }],
    });
    expect(made.status).toBe('ready');
    const c = await admin('postgresql', database);
    await c.query("INSERT INTO categories (name) VALUES ('books'), ('films')");
    await c.close();

    const patched = await api('PATCH', `/api/v1/tenants/${tenant}/isolation`, {
      isolation_level: 2,
    });
    expect(patched.status, patched.text).toBe(200);
    expect(json(patched)).toMatchObject({ status: 'provisioning', moved: [] });
    expect(String(json(patched).message)).toMatch(/vm-ready/);

    const dedicatedId = (await call(core, 'connections.list', {})).find(
      (x) => x.port === dedicated.params.port,
    )?.id;
    const res = await api('POST', '/api/v1/webhooks/vm-ready', {
      tenant_id: tenant,
      connection_id: dedicatedId,
    });
    expect(res.status, res.text).toBe(200);
    expect(json(res)).toMatchObject({
      status: 'ready',
      databases: [{ isolation_level: 2, connection_id: dedicatedId }],
    });
    const moved = await asTenantOn(core, bp, tenant, dedicated.params);
    expect((await moved.query('SELECT name FROM categories ORDER BY name')).rows).toEqual([
      { name: 'books' },
      { name: 'films' },
    ]);
    await moved.close();
    expect(await databaseExists('postgresql', database)).toBe(false);
  }, 180_000);
});

describe("the spec's inline connection objects", () => {
  const inline = (password = dedicated.password, database = `${bp}__acme`) => ({
    type: 'postgresql',
    host: dedicated.params.host,
    port: dedicated.params.port,
    database,
    user: dedicated.params.username,
    password,
  });

  it('import a schema (source: database) with the password used for that call only', async () => {
    const ws = `${prefix}_copy`;
    expect(
      (await api('POST', '/api/v1/workspaces', { name: ws, connection_id: shared })).status,
    ).toBe(201);
    const wrong = await api('POST', `/api/v1/workspaces/${ws}/schema`, {
      source: 'database',
      connection: inline('not-the-password'),
    });
    expect(wrong.status).toBe(400);
    expect(wrong.text).not.toContain('not-the-password');
    const res = await api('POST', `/api/v1/workspaces/${ws}/schema`, {
      source: 'database',
      connection: inline(),
    });
    expect(res.status, res.text).toBe(200);
    expect(res.text).not.toContain(dedicated.password);
    const tables = (json(res).tables as Array<{ name: string }>).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['products', 'categories']));
    const both = await api('POST', `/api/v1/workspaces/${ws}/schema`, {
      source: 'database',
      connection: inline(),
      connection_id: shared,
    });
    expect(both.status).toBe(400);
  }, 60_000);

  it('import schema and data (import-full) from an inline connection', async () => {
    const c = await openClient({ ...dedicated.params, password: dedicated.password });
    await c.query(`CREATE DATABASE ${prefix}_src`);
    await c.close();
    const src = await openClient({
      ...dedicated.params,
      password: dedicated.password,
      database: `${prefix}_src`,
    });
    await src.query('CREATE TABLE notes (id int PRIMARY KEY, tenant_id text NOT NULL, body text)');
    await src.query(
      "INSERT INTO notes VALUES (1, 'gamma', 'a'), (2, 'gamma', 'b'), (3, 'delta', 'c')",
    );
    await src.close();
    const ws = `${prefix}_full`;
    await call(core, 'workspaces.create', { name: ws, connection_id: shared });
    const res = await api('POST', `/api/v1/workspaces/${ws}/import-full`, {
      connection: inline(dedicated.password, `${prefix}_src`),
      routing_field: 'tenant_id',
      options: { drop_routing_column: true, create_tenants: true },
    });
    expect(res.status, res.text).toBe(202);
    expect(res.text).not.toContain(dedicated.password);
    const done = await waitForImport(core, ws, String(json(res).import_id));
    expect(done.status, done.message ?? '').toBe('completed');
    expect(done.tenants.map((t) => [t.tenant_id, t.rows_copied])).toEqual([
      ['delta', 1],
      ['gamma', 2],
    ]);
    expect(scanDirectory(dir.path, secretForms(dedicated.password)).hits).toEqual([]);
  }, 120_000);
});
