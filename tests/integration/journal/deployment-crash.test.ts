// A deployment killed (SIGKILL) at every crash point of its journal, on both engines, one fresh
// tenant per crash point. After a restart the tenant database, the store and the job agree: a
// PostgreSQL version committed before the crash is recorded, one rolled back leaves the tenant
// on its old version and the job `interrupted` (`recovered: …`); a MariaDB version a crash cut
// short is finished by recovery, skipping the statement the server completed after Benchphant
// died (the "Table 'bulk' already exists" case). A retry then brings every tenant to the version,
// readable by its own role with its rows.
import { afterAll, describe, expect, it } from 'vitest';
import type { DbType } from '../../../shared/model/connection';
import { crashMatrix } from '../../support/crash-run';
import {
  admin,
  call,
  connectAsTenant,
  dropEverything,
  runPrefix,
  waitForJob,
} from '../tenants/harness';
import { addCustomer, emailsAsTenant, report, setUp, type Setup } from './support';
import type { TestCore } from '../tenants/harness';

const STATEMENTS = [
  'CREATE TABLE bulk (id int PRIMARY KEY, note varchar(50) NOT NULL)',
  'ALTER TABLE customers ADD COLUMN tier int',
  'CREATE INDEX customers_tier ON customers (tier)',
];

async function versionsInDatabase(type: DbType, database: string): Promise<string[]> {
  const c = await admin(type, database);
  try {
    const r = await c.query(
      'SELECT version FROM _benchphant_versions WHERE complete = true ORDER BY version',
    );
    return r.rows.map((x) => String(x.version));
  } finally {
    await c.close();
  }
}

describe.each<DbType>(['postgresql', 'mysql'])(
  'a deployment crashed at every step on %s',
  (type) => {
    const prefix = runPrefix();
    const bp = `${prefix}_dp`;
    const tenants = Array.from({ length: type === 'mysql' ? 16 : 7 }, (_, i) => `t${i + 1}`);
    let setup: Setup | null = null;

    afterAll(async () => {
      setup?.dir.remove();
      await dropEverything(type, prefix);
    });

    it('leaves tenant, store and job agreeing at every crash point, and a retry finishes', async () => {
      const made = await setUp(type, bp, tenants);
      setup = made;
      for (const t of tenants) await addCustomer(type, `${bp}__${t}`, `${t}@x.test`);
      for (const query of STATEMENTS) await call(made.core, 'workspaces.query', { id: bp, query });
      const v = await call(made.core, 'workspaces.deploy', { id: bp });
      expect(v.version).toBe('1.1');
      await made.core.dispose();

      let n = 0;
      const tenantOf = () => tenants[n - 1] ?? 'none';
      const tally = await crashMatrix({
        dataDir: made.dir.path,
        masterKey: made.masterKey,
        maxPoints: tenants.length,
        prepare: () => {
          n += 1;
          return Promise.resolve();
        },
        calls: () => [
          { method: 'deployments.create', input: { blueprint_name: bp, tenant_ids: [tenantOf()] } },
        ],
        async check(core: TestCore, crashed) {
          const tenant = tenantOf();
          const database = `${bp}__${tenant}`;
          const job = await call(core, 'deployments.get', {
            id: (await call(core, 'deployments.list', {})).jobs[0]?.job_id ?? '',
          });
          const row = job.tenants.find((t) => t.tenant_id === tenant);
          const stored = (await call(core, 'tenants.get', { id: tenant })).databases[0]?.version;
          const inDb = (await versionsInDatabase(type, database)).at(-1);
          // The store says what the tenant database says, and the job says it too.
          expect(stored).toBe(inDb);
          expect(row?.status).toBe(inDb === '1.1' ? 'completed' : 'interrupted');
          expect(job.status).toBe(inDb === '1.1' ? 'completed' : 'interrupted');
          if (crashed) expect(job.message).toMatch(/^recovered: /);
          if (inDb !== '1.1') expect(row?.error).toMatch(/^recovered: nothing of version 1\.1/);
          // MariaDB: recovery finishes a version it finds half-applied.
          if (type === 'mysql' && crashed && crashed.label !== 'before migrating') {
            expect(inDb).toBe('1.1');
          }
          // Killed after the server ran a statement but before it was recorded: recovery saw the
          // schema had moved on and skipped it instead of failing on "Table 'bulk' already exists".
          if (crashed?.label === 'statement ran') {
            expect(job.message).toMatch(/skipped statement \d of 1\.1 \(the schema changed/);
          }
          expect(core.journal.open()).toEqual([]);
          if (job.status !== 'completed') {
            await call(core, 'deployments.retry', { id: job.job_id });
            const again = await waitForJob(core, job.job_id);
            expect(again.status, again.message ?? '').toBe('completed');
          }
          expect((await versionsInDatabase(type, database)).at(-1)).toBe('1.1');
          expect(await emailsAsTenant(core, type, tenant, bp)).toEqual([`${tenant}@x.test`]);
          const asTenant = await connectAsTenant(core, type, tenant, bp);
          try {
            await asTenant.query("INSERT INTO bulk (id, note) VALUES (1, 'ok')");
            await asTenant.query('SELECT tier FROM customers');
          } finally {
            await asTenant.close();
          }
        },
      });
      report(`deployment (${type})`, tally);
      expect(tally.failures).toEqual([]);
      expect(tally.lost).toBe(0);
      expect(tally.injected).toBeGreaterThanOrEqual(type === 'mysql' ? 10 : 3);
      if (type === 'mysql') {
        // The crash between a statement and its record was among them, and recovery skipped it.
        expect(tally.labels).toContain('deploy: statement ran');
      }
    }, 600_000);
  },
);
