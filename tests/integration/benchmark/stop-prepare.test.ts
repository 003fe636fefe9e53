// Stop ends a run within a second wherever its prepare phase is: here while its admin session
// waits on a lock another session holds (as a long index build or a busy server would keep it),
// on both engines.
import { afterAll, describe, expect, it } from 'vitest';
import { openClient } from '../../../main/core/db/client';
import { createHarness, ENGINES, until, withClient } from './harness';

const h = createHarness();
afterAll(() => h.close());

describe.each(ENGINES)('Stop during prepare on %s', (engine, params) => {
  const schema = `bp_i13_stop_${engine === 'postgresql' ? 'pg' : 'my'}_${process.pid}`;
  const pg = engine === 'postgresql';
  afterAll(() =>
    withClient(params, (c) =>
      c.query(pg ? `DROP SCHEMA IF EXISTS ${schema} CASCADE` : `DROP DATABASE IF EXISTS ${schema}`),
    ),
  );

  it('ends the run within a second while the admin session is blocked', async () => {
    await withClient(params, async (c) => {
      await c.query(pg ? `CREATE SCHEMA ${schema}` : `CREATE DATABASE ${schema}`);
      await c.query(`CREATE TABLE ${schema}.sbtest1 (id INT)`);
    });
    const locker = await openClient(params);
    try {
      if (pg) {
        await locker.query('BEGIN');
        await locker.query(`LOCK TABLE ${schema}.sbtest1 IN ACCESS EXCLUSIVE MODE`);
      } else {
        await locker.query(`LOCK TABLES ${schema}.sbtest1 WRITE`);
      }
      const id = await h.start({
        connection_id: h.idFor(params),
        type: 'oltp_point_select',
        schema,
        parameters: { table_size: 1000 },
      });
      // The prepare waits for the lock: PostgreSQL's DROP TABLE, MariaDB's CREATE DATABASE.
      await until(async () => {
        const r = await withClient(params, (c) =>
          c.query(
            pg
              ? "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'DROP TABLE IF EXISTS sbtest1%'"
              : "SELECT COUNT(*) AS n FROM information_schema.processlist WHERE state LIKE 'Waiting for % metadata lock' AND info LIKE '% IF % EXISTS %'",
          ),
        );
        return Number(r.rows[0]!.n) > 0;
      });
      // Its tables cannot be dropped from under it.
      await expect(h.engine.dropTables(h.idFor(params), schema)).rejects.toThrow(
        `Run ${id} is using the tables in ${schema}; stop it or wait for it before dropping them.`,
      );
      const t0 = performance.now();
      const summary = await h.engine.cancel(id);
      const ms = performance.now() - t0;
      expect(summary.status).toBe('cancelled');
      expect(ms).toBeLessThan(1000);
    } finally {
      await locker.query(pg ? 'ROLLBACK' : 'UNLOCK TABLES');
      await locker.close();
    }
  }, 60_000);
});
