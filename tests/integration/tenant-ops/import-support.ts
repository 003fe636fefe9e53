// Test helper for the import suites: a shared multi-tenant source database made on the real server
// (regions without tenant_id; customers and orders with it, in FK order regions <- customers <-
// orders; values of awkward types), and a wait for an import to leave `running`.
import type { Output } from '../../../shared/contract';
import type { DbType } from '../../../shared/model/connection';
import { quoter } from '../../../main/core/tenants/sql/quote';
import { admin, call, type TestCore } from '../tenants/harness';

const SCHEMA: Record<DbType, string[]> = {
  postgresql: [
    'CREATE TABLE regions (code varchar(10) PRIMARY KEY, name text NOT NULL)',
    `CREATE TABLE customers (id serial PRIMARY KEY, tenant_id varchar(40) NOT NULL, name varchar(100) NOT NULL,
       region varchar(10) REFERENCES regions (code), profile jsonb, photo bytea, joined timestamp)`,
    `CREATE TABLE orders (id int PRIMARY KEY, tenant_id varchar(40) NOT NULL,
       customer_id int NOT NULL REFERENCES customers (id), amount numeric(12,2) NOT NULL)`,
    'CREATE TABLE events (id bigint PRIMARY KEY, tenant_id varchar(40) NOT NULL, payload text NOT NULL)',
    // Keyed by tenant and id (ids repeat across tenants), and a table with no key at all.
    'CREATE TABLE notes (tenant_id varchar(40) NOT NULL, id int NOT NULL, body text, PRIMARY KEY (tenant_id, id))',
    'CREATE TABLE tags (tenant_id varchar(40) NOT NULL, label varchar(20) NOT NULL)',
  ],
  mysql: [
    'CREATE TABLE regions (code varchar(10) PRIMARY KEY, name text NOT NULL)',
    `CREATE TABLE customers (id int AUTO_INCREMENT PRIMARY KEY, tenant_id varchar(40) NOT NULL, name varchar(100) NOT NULL,
       region varchar(10), profile json, photo blob, joined datetime,
       FOREIGN KEY (region) REFERENCES regions (code))`,
    `CREATE TABLE orders (id int PRIMARY KEY, tenant_id varchar(40) NOT NULL,
       customer_id int NOT NULL, amount decimal(12,2) NOT NULL,
       FOREIGN KEY (customer_id) REFERENCES customers (id))`,
    'CREATE TABLE events (id bigint PRIMARY KEY, tenant_id varchar(40) NOT NULL, payload text NOT NULL)',
    // Keyed by tenant and id (ids repeat across tenants), and a table with no key at all.
    'CREATE TABLE notes (tenant_id varchar(40) NOT NULL, id int NOT NULL, body text, PRIMARY KEY (tenant_id, id))',
    'CREATE TABLE tags (tenant_id varchar(40) NOT NULL, label varchar(20) NOT NULL)',
  ],
};

/**
 * Tenants acme (4 customers, 4 orders, 3 notes, 3 tags), beta (3, 1, 2, 0), gamma (1, 0, 0, 1),
 * and a customer of no tenant.
 */
export async function makeSharedSource(
  type: DbType,
  database: string,
  o: { bigRows: number },
): Promise<void> {
  const q = quoter(type);
  const c = await admin(type);
  await c.query(`CREATE DATABASE ${q.ident(database)}`);
  await c.close();
  const s = await admin(type, database);
  try {
    for (const sql of SCHEMA[type]) await s.query(sql);
    const bytes = (hex: string) => (type === 'postgresql' ? `'\\x${hex}'::bytea` : `X'${hex}'`);
    await s.query("INSERT INTO regions VALUES ('eu', 'Europe'), ('us', 'Americas')");
    await s.query(
      `INSERT INTO customers (id, tenant_id, name, region, profile, photo, joined) VALUES
        (1, 'acme', 'Ann', 'eu', '{"vip": true, "tags": ["a", "b"]}', ${bytes('00ff10')}, '2024-02-29 13:45:01'),
        (2, 'acme', 'Bob', 'us', NULL, NULL, NULL),
        (3, 'beta', 'Cy', 'eu', '[]', ${bytes('')}, '1999-12-31 23:59:59'),
        (4, 'acme', 'O''Hara', NULL, '{"note": "it''s"}', NULL, NULL),
        (5, 'beta', 'Di', 'us', NULL, NULL, NULL),
        (6, 'gamma', 'Ed', 'eu', NULL, NULL, NULL),
        (7, 'beta', 'Fay', NULL, NULL, NULL, NULL),
        (8, 'acme', 'Zoë', 'eu', '{"emoji": "🐘"}', NULL, NULL),
        (9, 'Not A Tenant', 'Ghost', NULL, NULL, NULL, NULL)`,
    );
    await s.query(
      `INSERT INTO orders VALUES (1, 'acme', 1, 1234.56), (2, 'acme', 1, 0.01), (3, 'acme', 2, 10),
        (4, 'beta', 3, 5.5), (5, 'acme', 8, 99999999.99)`,
    );
    if (type === 'postgresql') await s.query("SELECT setval('customers_id_seq', 9)");
    await s.query(
      "INSERT INTO notes VALUES ('acme', 1, 'a1'), ('acme', 2, 'a2'), ('acme', 3, NULL), ('beta', 1, 'b1'), ('beta', 2, 'b2')",
    );
    await s.query(
      "INSERT INTO tags VALUES ('acme', 'x'), ('acme', 'y'), ('acme', 'y'), ('gamma', 'z')",
    );
    if (o.bigRows > 0) {
      if (type === 'mysql')
        await s.query(`SET SESSION max_recursive_iterations = ${o.bigRows + 1}`);
      for (const tenant of ['acme', 'beta', 'gamma']) {
        const base = { acme: 0, beta: 1, gamma: 2 }[tenant] ?? 0;
        await s.query(
          type === 'postgresql'
            ? `INSERT INTO events SELECT g * 3 + ${base}, '${tenant}', repeat('x', 50) FROM generate_series(1, ${o.bigRows}) g`
            : `INSERT INTO events WITH RECURSIVE g (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ${o.bigRows})
               SELECT n * 3 + ${base}, '${tenant}', REPEAT('x', 50) FROM g`,
        );
      }
    }
  } finally {
    await s.close();
  }
}

export async function waitForImport(
  core: TestCore,
  workspace: string,
  importId: string,
  timeoutMs = 120_000,
): Promise<Output<'workspaces.importStatus'>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = await call(core, 'workspaces.importStatus', { id: workspace, import_id: importId });
    if (s.status !== 'running') return s;
    if (Date.now() > until)
      throw new Error(`import ${importId} still running after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
