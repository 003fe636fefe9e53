// An isolation move on MySQL/MariaDB: from the shared MariaDB to a private one the test starts,
// with the rows intact, the tenant's account (same password) able to read and write there, and
// the old database and account gone; then back to the blueprint's server.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionParams } from '../../../shared/model/connection';
import { tenantRole } from '../../../main/core/tenants/names';
import { startPrivateMariadb, type PrivateMariadb } from '../../support/private-mariadb';
import {
  admin,
  call,
  databaseExists,
  dropEverything,
  roleExists,
  serverParams,
  type TestCore,
} from '../tenants/harness';
import { asTenantOn, setUpIsolation } from './helpers';

describe('isolation moves between two MariaDB servers', () => {
  const prefix = `bpi_${randomBytes(3).toString('hex')}`;
  const ws = `${prefix}_isom`;
  const tenant = 'acme';
  const database = `${ws}__${tenant}`;
  let core: TestCore;
  let dedicated: PrivateMariadb;
  let shared: string;
  let dedicatedId: string;

  const asTenant = (server: ConnectionParams) => asTenantOn(core, ws, tenant, server);

  beforeAll(async () => {
    dedicated = await startPrivateMariadb();
    ({ core, shared, dedicatedId } = await setUpIsolation({
      type: 'mysql',
      names: { shared: 'bpi shared mysql', dedicated: 'bpi dedicated mysql' },
      dedicated: dedicated.params,
      blueprint: ws,
      tenant,
    }));
    const c = await admin('mysql', database);
    await c.query(
      "INSERT INTO customers (email, name) VALUES ('a@x.test', 'Ann'), ('b@x.test', 'Zoë')",
    );
    await c.close();
  }, 120_000);
  afterAll(async () => {
    await core?.dispose();
    await dedicated?.stop();
    await dropEverything('mysql', prefix);
  });

  it('moves the tenant to the dedicated server and back', async () => {
    const up = await call(core, 'tenants.setIsolation', {
      id: tenant,
      isolation_level: 2,
      connection_id: dedicatedId,
    });
    expect(up.moved[0]?.rows).toMatchObject({ customers: 2 });
    expect(up.databases[0]).toMatchObject({ isolation_level: 2, connection_id: dedicatedId });
    expect(await databaseExists('mysql', database)).toBe(false);
    expect(await roleExists('mysql', tenantRole(database))).toBe(false);
    const c = await asTenant({ ...dedicated.params, tls: { mode: 'disable' } });
    await c.query("INSERT INTO customers (email, name) VALUES ('c@x.test', 'Cy')");
    const names = await c.query('SELECT name FROM customers ORDER BY id');
    await c.close();
    expect(names.rows.map((r) => r.name)).toEqual(['Ann', 'Zoë', 'Cy']);

    const down = await call(core, 'tenants.setIsolation', { id: tenant, isolation_level: 1 });
    expect(down.databases[0]).toMatchObject({ isolation_level: 1, connection_id: shared });
    const back = await asTenant(serverParams('mysql'));
    const again = await back.query('SELECT name FROM customers ORDER BY id');
    await back.close();
    expect(again.rows.map((r) => r.name)).toEqual(['Ann', 'Zoë', 'Cy']);
  });
});
