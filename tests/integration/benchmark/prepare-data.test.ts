// The prepare phase against the real servers: COPY on PostgreSQL and batched inserts on MySQL
// give sysbench- and pgbench-shaped tables, report progress up to the total, and stop on cancel.
import { afterEach, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../main/core/db/client';
import { openAdmin, prepareData, type PrepareHooks } from '../../../main/core/benchmark/prepare';
import { connectPg } from '../../../main/core/benchmark/session';
import type { ConnectionParams } from '../../../shared/model/connection';
import { ENGINES } from './harness';

const SCHEMA = 'benchphant_prepare_test';

const open: DbClient[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) {
    await c.query(
      c.type === 'postgresql'
        ? `DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`
        : `DROP DATABASE IF EXISTS ${SCHEMA}`,
    );
    await c.close();
  }
});

async function admin(p: ConnectionParams): Promise<DbClient> {
  const c = await openAdmin(p, SCHEMA);
  open.push(c);
  return c;
}

const openCopy = (p: ConnectionParams) => () =>
  connectPg({ params: p, tls: false, schema: SCHEMA }, false);

function recorder(cancelAfter = Infinity): PrepareHooks & { seen: [number, number][] } {
  const seen: [number, number][] = [];
  return {
    seen,
    progress: (done, total) => seen.push([done, total]),
    cancelled: () => (seen.at(-1)?.[0] ?? 0) >= cancelAfter,
  };
}

const num = (v: unknown) => Number(v);

describe.each(ENGINES)('prepare on %s', (_name, p) => {
  it('fills sysbench tables with sysbench-shaped rows and reports progress to the total', async () => {
    const c = await admin(p);
    const hooks = recorder();
    const size = 5000;
    expect(
      await prepareData(c, 'sysbench', { tables: 2, table_size: size }, hooks, openCopy(p)),
    ).toBe(true);
    expect(hooks.seen.at(-1)).toEqual([2 * size, 2 * size]);
    for (let i = 1; i < hooks.seen.length; i++)
      expect(hooks.seen[i]![0]).toBeGreaterThan(hooks.seen[i - 1]![0]);
    for (const t of ['sbtest1', 'sbtest2']) {
      const r = await c.query(
        `SELECT COUNT(*) AS n, MIN(id) AS lo, MAX(id) AS hi, MIN(k) AS klo, MAX(k) AS khi FROM ${t}`,
      );
      const row = r.rows[0]!;
      expect([row.n, row.lo, row.hi].map(num)).toEqual([size, 1, size]);
      expect(num(row.klo)).toBeGreaterThanOrEqual(1);
      expect(num(row.khi)).toBeLessThanOrEqual(size);
      const sample = await c.query(`SELECT c, pad FROM ${t} WHERE id IN (1, ${size})`);
      for (const s of sample.rows) {
        expect(String(s.c).trimEnd()).toMatch(/^(\d{11}-){9}\d{11}$/);
        expect(String(s.pad).trimEnd()).toMatch(/^(\d{11}-){4}\d{11}$/);
      }
    }
    // The same layout again is kept as it is.
    expect(
      await prepareData(c, 'sysbench', { tables: 2, table_size: size }, recorder(), openCopy(p)),
    ).toBe(false);
  });

  it('fills pgbench tables at scale 1 with empty history', async () => {
    const c = await admin(p);
    const hooks = recorder();
    expect(await prepareData(c, 'pgbench', { scale: 1 }, hooks, openCopy(p))).toBe(true);
    expect(hooks.seen.at(-1)).toEqual([100_011, 100_011]);
    const counts = await c.query(
      'SELECT (SELECT COUNT(*) FROM pgbench_branches) AS b, (SELECT COUNT(*) FROM pgbench_tellers) AS t, ' +
        '(SELECT COUNT(*) FROM pgbench_accounts) AS a, (SELECT COUNT(*) FROM pgbench_history) AS h',
    );
    const row = counts.rows[0]!;
    expect([row.b, row.t, row.a, row.h].map(num)).toEqual([1, 10, 100_000, 0]);
    const acc = await c.query(
      'SELECT aid, bid, abalance, filler FROM pgbench_accounts WHERE aid = 100000',
    );
    expect([acc.rows[0]!.aid, acc.rows[0]!.bid, acc.rows[0]!.abalance].map(num)).toEqual([
      100_000, 1, 0,
    ]);
    expect(String(acc.rows[0]!.filler).trim()).toBe('');
  });

  it('stops on cancel without recording the layout', async () => {
    const c = await admin(p);
    await expect(
      prepareData(c, 'sysbench', { tables: 1, table_size: 20_000 }, recorder(3000), openCopy(p)),
    ).rejects.toThrow('cancelled');
    const layouts = await c.query('SELECT COUNT(*) AS n FROM benchphant_layout');
    expect(num(layouts.rows[0]!.n)).toBe(0);
  });
});
