// An import interrupted by closing the core in the middle of a tenant's big table, on each engine:
// after reopening the same data directory the import reads `interrupted`, with the tables copied
// before the stop still verified; resumed, it finishes with exact row counts (the cut table was
// rolled back, not half-kept, so nothing is doubled).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../../../main/core/secrets/secret-store';
import type { DbType } from '../../../shared/model/connection';
import {
  addConnection,
  admin,
  call,
  dropEverything,
  ENGINES,
  makeTestCore,
  type TestCore,
} from '../tenants/harness';
import { makeSharedSource, waitForImport } from './import-support';

const BIG = 6000;

describe.each(ENGINES)('an interrupted import on %s', (type: DbType) => {
  const prefix = `bpi_${randomBytes(3).toString('hex')}`;
  const source = `${prefix}_shared`;
  const ws = `${prefix}_app`;
  const secrets = createMemorySecretStore();
  let first: TestCore;
  let second: TestCore | undefined;
  let connectionId: string;

  beforeAll(async () => {
    first = makeTestCore({ secrets });
    connectionId = await addConnection(first, type, `bpi ${type}`);
    await makeSharedSource(type, source, { bigRows: BIG });
  });
  afterAll(async () => {
    await second?.close();
    await first?.dispose();
    await dropEverything(type, prefix);
  });

  it('reads interrupted after a restart and resumes to exact counts', async () => {
    await call(first, 'workspaces.create', { name: ws, connection_id: connectionId });
    // Stop as soon as the second tenant is half-way through its big table.
    const cut: { closing?: Promise<void>; at: string } = { at: '' };
    const stop = first.events.subscribe((e) => {
      if (cut.closing || e.event !== 'imports.progressed') return;
      const { tenant_id, table, message } = e.payload;
      if (tenant_id === 'beta' && table === 'events' && /: \d+ of/.test(message ?? '')) {
        cut.at = message ?? '';
        cut.closing = first.close();
      }
    });
    const started = await call(first, 'workspaces.importFull', {
      id: ws,
      connection_id: connectionId,
      database: source,
      options: { create_tenants: true },
      batch_size: 500,
    });
    const until = Date.now() + 120_000;
    while (!cut.closing && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    stop();
    expect(cut.closing, 'the import never reached the second tenant').toBeDefined();
    await cut.closing;
    expect(cut.at).toMatch(/^events: \d+ of 6000 rows$/);
    expect(Number(/: (\d+) of/.exec(cut.at)?.[1])).toBeLessThan(BIG);

    second = makeTestCore({ secrets, dataDir: first.dataDir });
    const interrupted = await call(second, 'workspaces.importStatus', {
      id: ws,
      import_id: started.import_id,
    });
    expect(interrupted.status).toBe('interrupted');
    expect(interrupted.message).toMatch(/resume/);
    const byTenant = Object.fromEntries(interrupted.tenants.map((t) => [t.tenant_id, t]));
    expect(byTenant.acme?.status, byTenant.acme?.error ?? '').toBe('completed');
    expect(byTenant.beta?.status).toBe('interrupted');
    expect(byTenant.gamma?.status).toBe('pending');
    const betaEvents = byTenant.beta?.tables.find((t) => t.table === 'events');
    expect(betaEvents?.status).toBe('pending');
    // The stopped table's transaction was rolled back: nothing of it is in beta's database.
    const b = await admin(type, `${ws}__beta`);
    expect(Number((await b.query('SELECT count(*) AS n FROM events')).rows[0]?.n)).toBe(0);
    await b.close();

    const resumed = await call(second, 'workspaces.importData', {
      id: ws,
      connection_id: connectionId,
      database: source,
      resume: started.import_id,
      batch_size: 2000,
    });
    expect(resumed.import_id).toBe(started.import_id);
    const done = await waitForImport(second, ws, started.import_id);
    expect(done.message).toMatch(/exactly the source rows/);
    expect(done.status).toBe('completed');
    expect(done.verified).toBe(true);
    for (const t of done.tenants) {
      expect(t.status).toBe('completed');
      expect(t.tables.find((x) => x.table === 'events')).toMatchObject({
        source_rows: BIG,
        target_rows: BIG,
        status: 'verified',
      });
    }
    for (const tenant of ['acme', 'beta', 'gamma']) {
      const c = await admin(type, `${ws}__${tenant}`);
      try {
        const r = await c.query(
          'SELECT count(*) AS n, count(DISTINCT id) AS d, min(tenant_id) AS lo, max(tenant_id) AS hi FROM events',
        );
        expect(r.rows[0]).toMatchObject({ lo: tenant, hi: tenant });
        expect(Number(r.rows[0]?.n)).toBe(BIG);
        expect(Number(r.rows[0]?.d)).toBe(BIG);
      } finally {
        await c.close();
      }
    }
  });
});
