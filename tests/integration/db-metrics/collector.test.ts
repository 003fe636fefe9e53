// The engines' metrics collectors against the real servers, on the sampler's own kind of session:
// every figure the engine can report is a number after two samples (a status name that stops
// matching shows here as a null), and a session left idle inside an open transaction shows as
// the longest transaction.
import { afterAll, describe, expect, it } from 'vitest';
import type { DbMetric } from '../../../shared/contract/db-metrics';
import type { DbType } from '../../../shared/model/connection';
import { type DbClient, openClient } from '../../../main/core/db/client';
import { sqlEngineOf } from '../../../main/core/engines/registry';
import { admin, runPrefix, serverParams } from '../tenants/harness';

const prefix = runPrefix();
const open: DbClient[] = [];
afterAll(async () => {
  await Promise.all(open.map((c) => c.close().catch(() => undefined)));
});

/** The figures each engine reports from two samples (the others are null by design). */
const REPORTED: Record<'postgresql' | 'mysql', DbMetric[]> = {
  postgresql: [
    'commits_per_sec',
    'rollbacks_per_sec',
    'transactions_per_sec',
    'rows_read_per_sec',
    'rows_inserted_per_sec',
    'rows_updated_per_sec',
    'rows_deleted_per_sec',
    'temp_bytes_per_sec',
    'deadlocks_per_sec',
    'wal_bytes_per_sec',
    'checkpoints_per_sec',
  ],
  mysql: [
    'commits_per_sec',
    'rollbacks_per_sec',
    'transactions_per_sec',
    'queries_per_sec',
    'rows_read_per_sec',
    'rows_inserted_per_sec',
    'rows_updated_per_sec',
    'rows_deleted_per_sec',
    'tmp_disk_tables_per_sec',
    'deadlocks_per_sec',
    'lock_waits_per_sec',
    'wal_bytes_per_sec',
  ],
};

async function session(type: DbType): Promise<DbClient> {
  const c = await openClient(serverParams(type), { batches: true });
  open.push(c);
  return c;
}

describe.each(['postgresql', 'mysql'] as const)('the %s collector', (type) => {
  it('reports every figure it can as a number, rates from two samples', async () => {
    const collector = await sqlEngineOf(type).serverMetrics.open(await session(type));
    const a = await collector.sample();
    await new Promise((r) => setTimeout(r, 300));
    const b = await collector.sample();
    const figures = { ...b.gauges, ...collector.derive(a, b, 0.3) };
    for (const metric of REPORTED[type])
      expect(figures[metric], metric).toEqual(expect.any(Number));
    // The sampler's own statements count as queries on MySQL: the rate cannot be zero.
    if (type === 'mysql') expect(figures.queries_per_sec).toBeGreaterThan(0);
    for (const metric of ['sessions_total', 'sessions_active', 'sessions_idle'] as const)
      expect(b.gauges[metric], metric).toBeGreaterThanOrEqual(0);
    expect(a.epoch).toBe(b.epoch);
  });

  it('shows a session idle inside an open transaction as the longest transaction', async () => {
    const table = `${prefix}_trx_${type === 'mysql' ? 'my' : 'pg'}`;
    const setup = await admin(type);
    const holder = await admin(type);
    try {
      await setup.query(`CREATE TABLE ${table} (id integer PRIMARY KEY, v integer NOT NULL)`);
      await setup.query(`INSERT INTO ${table} VALUES (1, 0)`);
      const collector = await sqlEngineOf(type).serverMetrics.open(await session(type));
      await holder.query(type === 'postgresql' ? 'BEGIN' : 'START TRANSACTION');
      await holder.query(`UPDATE ${table} SET v = v + 1 WHERE id = 1`);
      // The holder now sleeps with its transaction open; its age only grows.
      await new Promise((r) => setTimeout(r, 2200));
      const s = await collector.sample();
      expect(s.gauges.longest_transaction_s).toBeGreaterThanOrEqual(2);
      expect(s.gauges.sessions_idle).toBeGreaterThanOrEqual(1);
      await holder.query('ROLLBACK');
    } finally {
      await holder.close();
      await setup.query(`DROP TABLE IF EXISTS ${table}`);
      await setup.close();
    }
  });
});
