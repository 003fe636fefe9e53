// The whole tenants flow on each engine against the real servers: workspace from a template →
// DDL in the console → pending changes (skip, revert, drift) → blueprint 1.0 and 1.1 → tenants →
// deployment to all → admin query across all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addConnection,
  admin,
  call,
  callError,
  databaseExists,
  dropEverything,
  ENGINES,
  makeTestCore,
  runPrefix,
  type TestCore,
  waitForJob,
} from './harness';

describe.each(ENGINES)('tenants flow on %s', (type) => {
  const prefix = runPrefix();
  const ws = `${prefix}_fin`;
  const tenants = ['acme', 'globex', 'initech'].map((t) => `${prefix.replace('bpt_', 't')}${t}`);
  let core: TestCore;
  let connectionId: string;

  beforeAll(async () => {
    core = makeTestCore();
    connectionId = await addConnection(core, type);
  });
  afterAll(async () => {
    await core?.dispose();
    await dropEverything(type, prefix);
  });

  it('creates a workspace, imports the fintech template and deploys it as version 1.0', async () => {
    const created = await call(core, 'workspaces.create', {
      name: ws,
      connection_id: connectionId,
    });
    expect(created.connection.database).toBe(`${ws}_dev`);
    expect(created.connection_string).not.toContain('@@');
    expect(created.database).toBe(type === 'postgresql' ? 'PostgreSQL' : 'MySQL');

    const imported = await call(core, 'workspaces.importSchema', {
      id: ws,
      source: 'template',
      template: 'fintech',
    });
    expect(imported.tables.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'accounts',
        'customers',
        'transactions',
        'transfers',
        'cards',
        'loans',
      ]),
    );
    const accounts = imported.tables.find((t) => t.name === 'accounts');
    expect(accounts?.foreign_keys.map((f) => f.ref_table)).toContain('customers');
    expect(accounts?.indexes.some((i) => i.columns.join() === 'customer_id')).toBe(true);

    const diff = await call(core, 'workspaces.diff', { id: ws });
    expect(diff.changes.length).toBe(imported.changes.length);
    expect(diff.changes[0]?.kind).toBe('CREATE TABLE');
    expect(diff.drift.detected).toBe(false);

    const v1 = await call(core, 'workspaces.deploy', { id: ws });
    expect(v1.version).toBe('1.0');
    expect((await call(core, 'workspaces.diff', { id: ws })).changes).toHaveLength(0);
    const got = await call(core, 'workspaces.get', { id: ws });
    expect(got.version).toBe('1.0');
    expect(got.schema.data.table_count).toBe(imported.tables.length);
  });

  it('provisions three tenants at 1.0, each with its own role and a versions table', async () => {
    for (const t of tenants) {
      const tenant = await call(core, 'tenants.create', {
        tenant_id: t,
        databases: [{ blueprint: ws, isolation_level: 1 }],
      });
      expect(tenant.status, tenant.message ?? '').toBe('ready');
      expect(tenant.databases[0]?.connection.database).toBe(`${ws}__${t}`);
      expect(tenant.databases[0]?.version).toBe('1.0');
      expect(tenant.databases[0]?.connection.connection_string).not.toMatch(/:[^/@]+@/);
      const c = await admin(type, `${ws}__${t}`);
      const recorded = await c.query('SELECT version, complete FROM _benchphant_versions');
      await c.close();
      expect(recorded.rows).toEqual([
        { version: '1.0', complete: type === 'postgresql' ? true : 1 },
      ]);
    }
    const list = await call(core, 'tenants.list', {});
    expect(list.tenants.map((t) => t.tenant_id).sort()).toEqual([...tenants].sort());
    const bps = await call(core, 'blueprints.list', {});
    expect(bps.blueprints.find((b) => b.name === ws)?.deployed_to?.sort()).toEqual(
      [...tenants].sort(),
    );
  });

  it('records console DDL as pending changes; skip, revert and drift work', async () => {
    const add = await call(core, 'workspaces.query', {
      id: ws,
      query: 'ALTER TABLE accounts ADD COLUMN nickname varchar(50)',
    });
    expect(add.change?.kind).toBe('ALTER TABLE ADD COLUMN');
    expect(add.change?.inverse).toMatch(/DROP COLUMN/);

    const index = await call(core, 'workspaces.query', {
      id: ws,
      query: 'CREATE INDEX accounts_nickname_idx ON accounts (nickname)',
    });
    const temp = await call(core, 'workspaces.query', {
      id: ws,
      query: 'CREATE TABLE scratch_notes (id int)',
    });
    const drop = await call(core, 'workspaces.query', {
      id: ws,
      query: 'DROP TABLE scratch_notes',
    });
    expect(drop.change?.inverse).toBeNull();
    expect(drop.change?.revert_note).toMatch(/cannot be reverted/);
    const refused = await callError(core, 'workspaces.revertChange', {
      id: ws,
      ddl_id: drop.change?.id ?? '',
    });
    expect(refused.code).toBe('REFUSED');
    await call(core, 'workspaces.skipChange', { id: ws, ddl_id: drop.change?.id ?? '' });
    await call(core, 'workspaces.skipChange', { id: ws, ddl_id: temp.change?.id ?? '' });

    // Reverting the index really drops it in the dev database.
    const reverted = await call(core, 'workspaces.revertChange', {
      id: ws,
      ddl_id: index.change?.id ?? '',
    });
    expect(reverted.change.status).toBe('reverted');
    const schema = await call(core, 'workspaces.schema', { id: ws });
    const acc = schema.tables.find((t) => t.name === 'accounts');
    expect(acc?.indexes.some((i) => i.name === 'accounts_nickname_idx')).toBe(false);
    expect(acc?.columns.some((c) => c.name === 'nickname')).toBe(true);

    // Rows come back capped, with the flag.
    await call(core, 'workspaces.query', {
      id: ws,
      query:
        "INSERT INTO customers (email, full_name, country) VALUES ('a@x', 'A', 'DE'), ('b@x', 'B', 'FR'), ('c@x', 'C', 'NL')",
    });
    const rows = await call(core, 'workspaces.query', {
      id: ws,
      query: 'SELECT email FROM customers ORDER BY email',
      max_rows: 2,
    });
    expect(rows.kind).toBe('rows');
    expect(rows.rows).toEqual([{ email: 'a@x' }, { email: 'b@x' }]);
    expect(rows.truncated).toBe(true);
    const upd = await call(core, 'workspaces.query', {
      id: ws,
      query: "UPDATE customers SET country = 'IT'",
    });
    expect(upd.kind).toBe('affected');
    expect(upd.affected).toBe(3);

    // A change made outside Benchphant shows as drift, not as a pending change.
    const c = await admin(type, `${ws}_dev`);
    await c.query('CREATE TABLE outside_job (id int)');
    const diff = await call(core, 'workspaces.diff', { id: ws });
    expect(diff.drift.detected).toBe(true);
    expect(diff.drift.added_tables).toEqual(['outside_job']);
    expect(diff.changes.map((x) => x.id)).toEqual([add.change?.id]);
    await c.query('DROP TABLE outside_job');
    await c.close();
    expect((await call(core, 'workspaces.diff', { id: ws })).drift.detected).toBe(false);
  });

  it('deploys 1.1, rolls it out to all tenants with a canary, and queries across all', async () => {
    await call(core, 'workspaces.query', {
      id: ws,
      query:
        'CREATE TABLE statements (id int PRIMARY KEY, account_id int NOT NULL, period char(7) NOT NULL)',
    });
    const v = await call(core, 'workspaces.deploy', { id: ws });
    expect(v.version).toBe('1.1');
    expect(v.statements).toHaveLength(2);
    const versions = await call(core, 'blueprints.versions', { name: ws });
    expect(versions.versions.map((x) => x.version)).toEqual(['1.0', '1.1']);
    expect(versions.versions[0]?.tenants.sort()).toEqual([...tenants].sort());
    const bp = await call(core, 'blueprints.get', { name: ws });
    expect(
      bp.schema.tables
        .find((t) => t.name === 'accounts')
        ?.columns.some((c) => c.name === 'nickname'),
    ).toBe(true);
    expect(bp.schema.tables.some((t) => t.name === 'scratch_notes')).toBe(false);

    const events: number[] = [];
    const stop = core.events.subscribe((e) => {
      if (e.event === 'deployments.progressed') events.push(e.payload.progress);
    });
    const job = await call(core, 'deployments.create', {
      blueprint_name: ws,
      deploy_all: true,
      canary: [tenants[0] ?? ''],
      parallelism: 2,
    });
    expect(job.version).toBe('1.1');
    expect(job.total_tenants).toBe(3);
    const done = await waitForJob(core, job.job_id);
    stop();
    expect(done.status, done.message ?? '').toBe('completed');
    expect(done.completed_tenants).toBe(3);
    expect(done.progress).toBe(100);
    expect(done.tenants[0]).toMatchObject({
      tenant_id: tenants[0],
      canary: true,
      from_version: '1.0',
    });
    expect(events.at(-1)).toBe(100);
    for (const t of tenants) {
      expect((await call(core, 'tenants.get', { id: t })).databases[0]?.version).toBe('1.1');
      const history = await call(core, 'tenants.deployments', { id: t });
      expect(history.deployments[0]).toMatchObject({
        job_id: job.job_id,
        status: 'completed',
        to_version: '1.1',
      });
    }

    // Each tenant gets a row of its own, then one query reads them all back with tenant_id.
    for (const t of tenants) {
      await call(core, 'admin.query', {
        tenant_id: t,
        query: `INSERT INTO statements (id, account_id, period) VALUES (1, 7, '2026-11')`,
        allow_writes: true,
      });
    }
    const all = await call(core, 'admin.query', {
      blueprint: ws,
      all_tenants: true,
      query: 'SELECT id, period FROM statements',
    });
    expect(all.errors).toEqual([]);
    expect(all.columns[0]).toBe('tenant_id');
    expect(all.rows.map((r) => r.tenant_id).sort()).toEqual([...tenants].sort());
    expect(all.rows[0]).toMatchObject({ id: 1, period: '2026-11' });

    const write = await callError(core, 'admin.query', {
      blueprint: ws,
      all_tenants: true,
      query: 'DELETE FROM statements',
    });
    expect(write.code).toBe('BAD_INPUT');
    expect(write.message).toMatch(/allow_writes/);
    // A write hidden in a CTE is caught by the words; one in a function call by the read-only transaction.
    const cte = await callError(core, 'admin.query', {
      tenant_id: tenants[0],
      query: 'WITH x AS (DELETE FROM statements RETURNING id) SELECT * FROM x',
    });
    expect(cte.code).toBe('BAD_INPUT');
  });

  it('deletes the workspace and its dev database; the blueprint and its tenants stay', async () => {
    const r = await call(core, 'workspaces.delete', { id: ws });
    expect(r.message).toMatch(/blueprint stays/);
    expect(await databaseExists(type, `${ws}_dev`)).toBe(false);
    expect((await call(core, 'workspaces.list', {})).workspaces).toEqual([]);
    expect((await call(core, 'blueprints.get', { name: ws })).version).toBe('1.1');
    expect((await call(core, 'tenants.list', { blueprint: ws })).count).toBe(3);
    expect(
      await callError(core, 'workspaces.create', { name: ws, connection_id: connectionId }),
    ).toMatchObject({ code: 'CONFLICT' });
  });
});
