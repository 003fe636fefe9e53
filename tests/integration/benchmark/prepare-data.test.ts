// The prepare phase against the real servers: worker threads stream COPY on PostgreSQL and batched
// inserts on MySQL, giving sysbench- and pgbench-shaped tables; progress reaches the total; abort stops it.
import { afterEach, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../main/core/db/client';
import { openAdmin, prepareData, type PrepareHooks } from '../../../main/core/benchmark/prepare';
import { workerLoader } from '../../../main/core/benchmark/load-pool';
import { defaultWorkerScript } from '../../../main/core/benchmark/worker-script';
import type { ConnectionParams } from '../../../shared/model/connection';
import { ENGINES } from './harness';

const SCHEMA = `bp_prepare_${process.pid}`;

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

/** Two workers, so that rows split over them. */
function recorder(
  p: ConnectionParams,
  cancelAfter = Infinity,
): { hooks: PrepareHooks; seen: [number, number][]; loader: ReturnType<typeof workerLoader> } {
  const seen: [number, number][] = [];
  const abort = new AbortController();
  const target = { params: p, tls: false, schema: SCHEMA };
  return {
    seen,
    loader: workerLoader(defaultWorkerScript(), target, 2, abort.signal),
    hooks: {
      signal: abort.signal,
      progress: (done, total) => {
        seen.push([done, total]);
        if (done >= cancelAfter) abort.abort();
      },
    },
  };
}

const num = (v: unknown) => Number(v);

describe.each(ENGINES)('prepare on %s', (_name, p) => {
  it('fills sysbench tables with sysbench-shaped rows and reports progress to the total', async () => {
    const c = await admin(p);
    const r = recorder(p);
    const size = 5000;
    expect(
      await prepareData(c, 'sysbench', { tables: 2, table_size: size }, r.hooks, r.loader),
    ).toBe(true);
    expect(r.seen.at(-1)).toEqual([2 * size, 2 * size]);
    for (let i = 1; i < r.seen.length; i++)
      expect(r.seen[i]![0]).toBeGreaterThan(r.seen[i - 1]![0]);
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
    const again = recorder(p);
    expect(
      await prepareData(c, 'sysbench', { tables: 2, table_size: size }, again.hooks, again.loader),
    ).toBe(false);
  });

  it('fills pgbench tables at scale 1 with empty history', async () => {
    const c = await admin(p);
    const r = recorder(p);
    expect(await prepareData(c, 'pgbench', { scale: 1 }, r.hooks, r.loader)).toBe(true);
    expect(r.seen.at(-1)).toEqual([100_011, 100_011]);
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
    const r = recorder(p, 3000);
    await expect(
      prepareData(c, 'sysbench', { tables: 1, table_size: 200_000 }, r.hooks, r.loader),
    ).rejects.toThrow('cancelled');
    expect(r.seen.at(-1)![0]).toBeLessThan(200_000);
    const layouts = await c.query('SELECT COUNT(*) AS n FROM benchphant_layout');
    expect(num(layouts.rows[0]!.n)).toBe(0);
  });
});
