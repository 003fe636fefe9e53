// Deployments that go wrong, on each engine against the real servers: a migration that fails on
// one tenant while the others complete, then succeeds on retry once the data is fixed (on MySQL
// resuming after the statement that already ran); a drifted tenant reported and skipped; the halt
// policy; and a core closed mid-deployment that reads `interrupted` when reopened and finishes on retry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addConnection,
  admin,
  call,
  dropEverything,
  ENGINES,
  makeBlueprint,
  makeTestCore,
  runPrefix,
  type TestCore,
  waitForJob,
} from './harness';

describe.each(ENGINES)('deployment failures on %s', (type) => {
  const prefix = runPrefix();
  const bp = `${prefix}_shop`;
  const ids = ['a', 'b', 'c', 'd'].map((x) => `${prefix.replace('bpt_', 'f')}${x}`);
  const [a, b, c, d] = ids as [string, string, string, string];
  const db = (t: string) => `${bp}__${t}`;
  let core: TestCore;
  let connectionId: string;
  /** Cores closed mid-test; disposed (directory removed) at the end. */
  const retired: TestCore[] = [];

  async function onTenant(t: string, sql: string) {
    const client = await admin(type, db(t));
    try {
      return await client.query(sql);
    } finally {
      await client.close();
    }
  }

  async function nextVersion(statements: string[]) {
    for (const query of statements) await call(core, 'workspaces.query', { id: bp, query });
    return call(core, 'workspaces.deploy', { id: bp });
  }

  beforeAll(async () => {
    core = makeTestCore();
    connectionId = await addConnection(core, type);
    await makeBlueprint(core, connectionId, bp);
    for (const t of ids) {
      const r = await call(core, 'tenants.create', {
        tenant_id: t,
        databases: [{ blueprint: bp }],
      });
      expect(r.status, r.message ?? '').toBe('ready');
    }
  });
  afterAll(async () => {
    await core?.dispose();
    for (const r of retired) await r.dispose();
    await dropEverything(type, prefix);
  });

  it('isolates a failing tenant, and a retry after the fix completes it', async () => {
    // Tenant b holds data the new unique index cannot take.
    await onTenant(
      b,
      "INSERT INTO customers (email, name) VALUES ('x1@b', 'Twin'), ('x2@b', 'Twin')",
    );
    const v = await nextVersion([
      'ALTER TABLE customers ADD COLUMN tier int',
      'CREATE UNIQUE INDEX customers_name_uq ON customers (name)',
    ]);
    expect(v.version).toBe('1.1');
    const job = await call(core, 'deployments.create', {
      blueprint_name: bp,
      deploy_all: true,
      parallelism: 2,
    });
    const done = await waitForJob(core, job.job_id);
    expect(done.status).toBe('failed');
    expect(done.completed_tenants).toBe(3);
    expect(done.failed_tenants).toBe(1);
    const failed = done.tenants.find((t) => t.tenant_id === b);
    expect(failed?.status).toBe('failed');
    expect(failed?.error).toMatch(/statement 2/);
    expect((await call(core, 'tenants.get', { id: b })).databases[0]?.version).toBe('1.0');
    // PostgreSQL rolled the whole migration back; MySQL kept statement 1 and recorded it.
    const tier = await onTenant(
      b,
      type === 'postgresql'
        ? "SELECT 1 FROM information_schema.columns WHERE table_name = 'customers' AND column_name = 'tier'"
        : "SELECT 1 AS x FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'customers' AND COLUMN_NAME = 'tier'",
    );
    expect(tier.rows.length).toBe(type === 'postgresql' ? 0 : 1);
    if (type === 'mysql') expect(failed?.statements_done).toBe(1);

    await onTenant(b, "DELETE FROM customers WHERE email = 'x2@b'");
    await call(core, 'deployments.retry', { id: job.job_id });
    const again = await waitForJob(core, job.job_id);
    expect(again.status, again.message ?? '').toBe('completed');
    expect(again.completed_tenants).toBe(4);
    expect((await call(core, 'tenants.get', { id: b })).databases[0]?.version).toBe('1.1');
    const history = await call(core, 'tenants.deployments', { id: b });
    expect(history.deployments[0]).toMatchObject({ job_id: job.job_id, status: 'completed' });
  });

  it('reports a drifted tenant and skips it instead of migrating it', async () => {
    await onTenant(c, 'CREATE TABLE hand_made (id int)');
    await nextVersion(['CREATE INDEX orders_total_idx ON orders (total)']);
    const job = await call(core, 'deployments.create', { blueprint_name: bp, deploy_all: true });
    const done = await waitForJob(core, job.job_id);
    const drifted = done.tenants.find((t) => t.tenant_id === c);
    expect(drifted?.status).toBe('drifted');
    expect(drifted?.error).toMatch(/hand_made/);
    expect(done.drifted_tenants).toBe(1);
    expect(done.completed_tenants).toBe(3);
    expect((await call(core, 'tenants.get', { id: c })).databases[0]?.version).toBe('1.1');
    await onTenant(c, 'DROP TABLE hand_made');
    await call(core, 'deployments.retry', { id: job.job_id });
    expect((await waitForJob(core, job.job_id)).status).toBe('completed');
  });

  it('halts after the allowed number of failures and leaves the rest untouched', async () => {
    // Tenant a gets a negative quantity the new CHECK refuses; with parallelism 1 it goes first.
    await onTenant(a, "INSERT INTO categories (name) VALUES ('c')");
    await onTenant(
      a,
      "INSERT INTO products (category_id, sku, title, price) SELECT id, 's1', 't', 1 FROM categories LIMIT 1",
    );
    await onTenant(
      a,
      'INSERT INTO inventory (product_id, quantity) SELECT id, -5 FROM products LIMIT 1',
    );
    await nextVersion([
      'ALTER TABLE inventory ADD CONSTRAINT inventory_quantity_ck CHECK (quantity >= 0)',
    ]);
    const job = await call(core, 'deployments.create', {
      blueprint_name: bp,
      tenant_ids: [a, b, c, d],
      parallelism: 1,
      error_policy: 'halt',
      max_failures: 1,
    });
    const done = await waitForJob(core, job.job_id);
    expect(done.status).toBe('halted');
    expect(done.message).toMatch(/Halted after 1 failure/);
    expect(done.tenants.map((t) => t.status)).toEqual(['failed', 'skipped', 'skipped', 'skipped']);
    expect((await call(core, 'tenants.get', { id: d })).databases[0]?.version).toBe('1.2');
  });

  it('a core closed mid-deployment reads interrupted when reopened, and a retry finishes it', async () => {
    await onTenant(a, 'DELETE FROM inventory');
    const slow =
      type === 'postgresql'
        ? 'CREATE TABLE slow_marker AS SELECT 1 AS s FROM pg_sleep(0.4)'
        : 'CREATE TABLE slow_marker AS SELECT SLEEP(0.4) AS s';
    await nextVersion([slow]);
    const dataDir = core.dataDir;
    const job = await call(core, 'deployments.create', {
      blueprint_name: bp,
      deploy_all: true,
      parallelism: 1,
    });
    await new Promise<void>((resolve) => {
      const stop = core.events.subscribe((e) => {
        if (
          e.event === 'deployments.progressed' &&
          e.payload.job_id === job.job_id &&
          e.payload.completed_tenants >= 1
        ) {
          stop();
          resolve();
        }
      });
    });
    await core.close();
    retired.push(core);
    core = makeTestCore({ dataDir });
    const after = await call(core, 'deployments.get', { id: job.job_id });
    expect(after.status).toBe('interrupted');
    expect(after.message).toMatch(/retry/);
    const statuses = after.tenants.map((t) => t.status);
    expect(statuses).toContain('completed');
    expect(statuses).toContain('interrupted');
    expect(statuses.every((s) => s === 'completed' || s === 'interrupted')).toBe(true);

    await call(core, 'deployments.retry', { id: job.job_id });
    const done = await waitForJob(core, job.job_id);
    expect(done.status, done.message ?? '').toBe('completed');
    // Version 1.4; tenants the halted job left behind take 1.3 on the way.
    for (const t of ids)
      expect((await call(core, 'tenants.get', { id: t })).databases[0]?.version).toBe('1.4');
  });
});
