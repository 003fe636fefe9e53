// Isolation moves between two PostgreSQL servers: the shared test server and a private one the
// test starts (password auth). A tenant moves to the dedicated server with its rows and its role
// (same password, same grants), the old copy goes; it moves back; and moves that fail (the target
// already has the database; the target server is down) leave it on the old server, readable.
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionParams } from '../../../shared/model/connection';
import { openClient } from '../../../main/core/db/client';
import { tenantRole } from '../../../main/core/tenants/names';
import { startPrivatePostgres, type PrivatePostgres } from '../../support/private-postgres';
import {
  admin,
  call,
  callError,
  databaseExists,
  dropEverything,
  roleExists,
  serverParams,
  type TestCore,
} from '../tenants/harness';
import { asTenantOn, setUpIsolation } from './helpers';

describe('isolation moves between two PostgreSQL servers', () => {
  const prefix = `bpi_${randomBytes(3).toString('hex')}`;
  const ws = `${prefix}_iso`;
  const tenant = 'acme';
  const database = `${ws}__${tenant}`;
  const role = tenantRole(database);
  let core: TestCore;
  let dedicated: PrivatePostgres;
  let shared: string;
  let dedicatedId: string;

  /** The tenant's own role, with its revealed password, on whichever server the record names. */
  const asTenant = (server: ConnectionParams) => asTenantOn(core, ws, tenant, server);
  const probe = async (server: ConnectionParams) => {
    const c = await asTenant(server);
    try {
      const r = await c.query('SELECT v FROM iso_probe ORDER BY id');
      const n = await c.query('SELECT count(*)::int AS n FROM customers');
      return { probe: r.rows.map((x) => x.v), customers: n.rows[0]?.n };
    } finally {
      await c.close();
    }
  };

  beforeAll(async () => {
    dedicated = await startPrivatePostgres({ password: `bpi-${randomBytes(6).toString('hex')}` });
    ({ core, shared, dedicatedId } = await setUpIsolation({
      type: 'postgresql',
      names: { shared: 'bpi shared', dedicated: 'bpi dedicated' },
      dedicated: dedicated.params,
      blueprint: ws,
      tenant,
    }));
    const c = await admin('postgresql', database);
    await c.query('CREATE TABLE iso_probe (id serial PRIMARY KEY, v text NOT NULL)');
    await c.query("INSERT INTO iso_probe (v) SELECT 'row ' || g FROM generate_series(1, 2500) g");
    await c.query(
      "INSERT INTO customers (email, name) VALUES ('a@x.test', 'Ann'), ('b@x.test', 'Bob')",
    );
    // A table made outside a blueprint version: the tenant may use it as any other.
    await c.query(`GRANT SELECT, INSERT ON iso_probe TO "${role}"`);
    await c.query(`GRANT USAGE ON SEQUENCE iso_probe_id_seq TO "${role}"`);
    await c.close();
  }, 120_000);
  afterAll(async () => {
    await core?.dispose();
    await dedicated?.stop();
    await dropEverything('postgresql', prefix);
  });

  it('moves the tenant to the dedicated server and back with its data and its role', async () => {
    const before = await probe(serverParams('postgresql'));
    expect(before.probe).toHaveLength(2500);
    expect(before.customers).toBe(2);

    const up = await call(core, 'tenants.setIsolation', {
      id: tenant,
      isolation_level: 2,
      connection_id: dedicatedId,
    });
    expect(up.message).toMatch(/row counts verified/);
    expect(up.moved).toEqual([
      expect.objectContaining({
        database,
        from_connection_id: shared,
        to_connection_id: dedicatedId,
        cleanup_error: null,
      }),
    ]);
    expect(up.moved[0]?.rows).toMatchObject({ iso_probe: 2500, customers: 2 });
    expect(up.databases[0]).toMatchObject({
      isolation_level: 2,
      connection_id: dedicatedId,
      connection: { port: dedicated.params.port, database },
    });
    // On the dedicated server, as the tenant's own role with the same password.
    expect(await probe(dedicated.params)).toEqual(before);
    // The old copy and its role are gone from the shared server.
    expect(await databaseExists('postgresql', database)).toBe(false);
    expect(await roleExists('postgresql', role)).toBe(false);
    // The tenant's sequences and grants came along: it can write as itself.
    const w = await asTenant(dedicated.params);
    await w.query("INSERT INTO iso_probe (v) VALUES ('written on dedicated')");
    await w.close();

    const down = await call(core, 'tenants.setIsolation', { id: tenant, isolation_level: 1 });
    expect(down.databases[0]).toMatchObject({ isolation_level: 1, connection_id: shared });
    const back = await probe(serverParams('postgresql'));
    expect(back.probe).toHaveLength(2501);
    expect(back.probe.at(-1)).toBe('written on dedicated');
    const d = await openClient(dedicated.params);
    const left = await d.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    const leftRole = await d.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    await d.close();
    expect(left.rows).toHaveLength(0);
    expect(leftRole.rows).toHaveLength(0);
  });

  it('refuses a move into a database that already exists there, and touches neither side', async () => {
    const d = await openClient(dedicated.params);
    await d.query(`CREATE DATABASE "${database}"`);
    await d.close();
    const err = await callError(core, 'tenants.setIsolation', {
      id: tenant,
      isolation_level: 2,
      connection_id: dedicatedId,
    });
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(
      /already exists on 'bpi dedicated'.*stays on 'bpi shared', untouched/,
    );
    const t = await call(core, 'tenants.get', { id: tenant });
    expect(t.databases[0]).toMatchObject({ isolation_level: 1, connection_id: shared });
    expect((await probe(serverParams('postgresql'))).probe).toHaveLength(2501);
    const d2 = await openClient(dedicated.params);
    const still = await d2.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    await d2.query(`DROP DATABASE "${database}"`);
    await d2.close();
    expect(still.rows).toHaveLength(1);
  });

  it('leaves the tenant on the old server when the target server is down', async () => {
    await dedicated.stop();
    const err = await callError(core, 'tenants.setIsolation', {
      id: tenant,
      isolation_level: 2,
      connection_id: dedicatedId,
    });
    expect(err.message).toMatch(
      /failed while creating the database on the target.*stays on 'bpi shared'/,
    );
    const t = await call(core, 'tenants.get', { id: tenant });
    expect(t.databases[0]).toMatchObject({ isolation_level: 1, connection_id: shared });
    expect((await probe(serverParams('postgresql'))).probe).toHaveLength(2501);
    // Writes, held back while the copy was made, are given back.
    const w = await asTenant(serverParams('postgresql'));
    await w.query("INSERT INTO iso_probe (v) VALUES ('after the failed move')");
    const ro = await w.query('SHOW default_transaction_read_only');
    await w.close();
    expect(ro.rows[0]?.default_transaction_read_only).toBe('off');
    expect((await probe(serverParams('postgresql'))).probe.at(-1)).toBe('after the failed move');
    // No dump is left behind in the data directory.
    expect(readdirSync(join(core.dataDir, 'moves'))).toEqual([]);
  });
});
