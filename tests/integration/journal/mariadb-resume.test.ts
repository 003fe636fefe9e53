// The MariaDB resume case without a journal record (a data directory from before the journal, or
// an intent lost): the server finished the version's last statement (CREATE TABLE bulk) after
// Benchphant died, so the tenant's record says one statement less. Deploying again compares the
// schema with the version's own, sees the statement ran and skips it, instead of failing with
// "Table 'bulk' already exists"; a schema that does not match runs it as before.
import { afterAll, describe, expect, it } from 'vitest';
import {
  admin,
  call,
  connectAsTenant,
  dropEverything,
  runPrefix,
  type TestCore,
  waitForJob,
} from '../tenants/harness';
import { setUp, type Setup } from './support';

describe('a MariaDB deployment resumed after the server finished a statement', () => {
  const prefix = runPrefix();
  const bp = `${prefix}_mr`;
  let setup: (Setup & { core: TestCore }) | null = null;

  afterAll(async () => {
    await setup?.core.dispose();
    setup?.dir.remove();
    await dropEverything('mysql', prefix);
  });

  it('skips the statement the server already applied and completes the version', async () => {
    const made = await setUp('mysql', bp, ['ran', 'notyet']);
    setup = made;
    const { core } = made;
    const statements = [
      'ALTER TABLE customers ADD COLUMN tier int',
      'CREATE TABLE bulk (id int PRIMARY KEY, note varchar(50) NOT NULL)',
    ];
    for (const query of statements) await call(core, 'workspaces.query', { id: bp, query });
    await call(core, 'workspaces.deploy', { id: bp });
    // What a crash leaves: the version started, statement 1 recorded; statement 2 ran on the
    // server ('ran') or not ('notyet') before the process died.
    for (const [tenant, ran] of [
      ['ran', true],
      ['notyet', false],
    ] as const) {
      const c = await admin('mysql', `${bp}__${tenant}`);
      try {
        await c.query(statements[0] ?? '');
        if (ran) await c.query(statements[1] ?? '');
        await c.query(
          "INSERT INTO _benchphant_versions (version, statements_done, complete) VALUES ('1.1', 1, false)",
        );
      } finally {
        await c.close();
      }
    }
    const job = await call(core, 'deployments.create', { blueprint_name: bp, deploy_all: true });
    const done = await waitForJob(core, job.job_id);
    expect(done.status, JSON.stringify(done.tenants)).toBe('completed');
    for (const tenant of ['ran', 'notyet']) {
      const t = await call(core, 'tenants.get', { id: tenant });
      expect(t.databases[0]?.version).toBe('1.1');
      const c = await connectAsTenant(core, 'mysql', tenant, bp);
      try {
        await c.query("INSERT INTO bulk (id, note) VALUES (1, 'written by the tenant')");
        expect((await c.query('SELECT tier FROM customers')).rows).toEqual([]);
      } finally {
        await c.close();
      }
    }
  }, 120_000);
});
