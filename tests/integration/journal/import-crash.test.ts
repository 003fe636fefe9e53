// A data import killed (SIGKILL) at every crash point of its journal (three tenants, six tables
// each, on PostgreSQL). After a restart the import reads `interrupted` with a `recovered: …` word
// on the tenant it was in, every table the store calls verified holds exactly the source's rows,
// every tenant stays readable by its own role, and a resume finishes with exact counts.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { quoter } from '../../../main/core/tenants/sql/quote';
import { crashMatrix, openSharedCore } from '../../support/crash-run';
import { makeTempDir, type TempDir } from '../../support/temp-dir';
import {
  addConnection,
  call,
  connectAsTenant,
  dropEverything,
  type TestCore,
} from '../tenants/harness';
import { makeSharedSource, waitForImport } from '../tenant-ops/import-support';
import { report } from './support';

/** The source's rows per tenant and table (import-support's fixture; regions are copied whole). */
const EXPECTED: Record<string, Record<string, number>> = {
  acme: { regions: 2, customers: 4, orders: 4, events: 0, notes: 3, tags: 3 },
  beta: { regions: 2, customers: 3, orders: 1, events: 0, notes: 2, tags: 0 },
  gamma: { regions: 2, customers: 1, orders: 0, events: 0, notes: 0, tags: 1 },
};

async function countsAsTenant(core: TestCore, ws: string, tenant: string) {
  const c = await connectAsTenant(core, 'postgresql', tenant, ws);
  const q = quoter('postgresql');
  try {
    const out: Record<string, number> = {};
    for (const table of Object.keys(EXPECTED.acme ?? {})) {
      out[table] = Number(
        (await c.query(`SELECT count(*) AS n FROM ${q.ident(table)}`)).rows[0]?.n ?? -1,
      );
    }
    return out;
  } finally {
    await c.close();
  }
}

describe('an import crashed at every step (PostgreSQL)', () => {
  const prefix = `bpj_${randomBytes(3).toString('hex')}`;
  const source = `${prefix}_shared`;
  const ws = `${prefix}_imp`;
  let dir: TempDir | null = null;

  afterAll(async () => {
    dir?.remove();
    await dropEverything('postgresql', prefix);
  });

  it('keeps every verified table exact and resumes to the source rows', async () => {
    dir = makeTempDir('bp-crash-');
    const masterKey = `crash-${randomBytes(8).toString('hex')}`;
    const setup = openSharedCore(dir.path, masterKey);
    const connectionId = await addConnection(setup, 'postgresql');
    await makeSharedSource('postgresql', source, { bigRows: 0 });
    await call(setup, 'workspaces.create', { name: ws, connection_id: connectionId });
    const first = await call(setup, 'workspaces.importFull', {
      id: ws,
      connection_id: connectionId,
      database: source,
      options: { create_tenants: true },
    });
    expect((await waitForImport(setup, ws, first.import_id)).status).toBe('completed');
    await setup.dispose();

    const input = {
      id: ws,
      connection_id: connectionId,
      database: source,
      routing_field: 'tenant_id',
      options: { create_tenants: false },
    };
    const tally = await crashMatrix({
      dataDir: dir.path,
      masterKey,
      prepare: () => Promise.resolve(),
      calls: () => [{ method: 'workspaces.importData', input }],
      async check(core, crashed) {
        const newest = core.journal.store.recovered('import')[0];
        let status = await latestImport(core);
        if (crashed) {
          expect(status.status).toBe('interrupted');
          expect(status.message).toMatch(/^recovered: the import into tenant /);
          expect(newest?.message).toMatch(/^recovered: /);
          for (const t of status.tenants) {
            const counts = await countsAsTenant(core, ws, t.tenant_id);
            for (const table of t.tables.filter((x) => x.status === 'verified')) {
              expect(counts[table.table], `${t.tenant_id}.${table.table}`).toBe(
                EXPECTED[t.tenant_id]?.[table.table],
              );
            }
          }
          await call(core, 'workspaces.importData', { ...input, resume: status.import_id });
          status = await waitForImport(core, ws, status.import_id);
        }
        expect(status.status, status.message ?? '').toBe('completed');
        for (const tenant of Object.keys(EXPECTED)) {
          expect(await countsAsTenant(core, ws, tenant)).toEqual(EXPECTED[tenant]);
        }
        expect(core.journal.open()).toEqual([]);
      },
    });
    report('import (postgresql)', tally);
    expect(tally.failures).toEqual([]);
    expect(tally.lost).toBe(0);
    expect(tally.injected).toBeGreaterThanOrEqual(30);
  }, 900_000);
});

/** The import the crash child started: the newest of the workspace's (ids are random). */
async function latestImport(core: TestCore) {
  const row = core.journal.store.db
    .prepare('SELECT id, workspace FROM tn_imports ORDER BY started_at DESC, rowid DESC LIMIT 1')
    .get() as { id: string; workspace: string };
  return call(core, 'workspaces.importStatus', { id: row.workspace, import_id: row.id });
}
