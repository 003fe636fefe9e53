// Phases, warm-up exclusion, data reuse and cleanup, weighted custom scripts, the simple protocol,
// and the run list, against the real servers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, ENGINES, type Harness, PG, until, withClient } from './harness';

let h: Harness;
beforeAll(() => {
  h = createHarness();
});
afterAll(() => h.close());

const SMALL = { tables: 2, table_size: 2000 };

describe.each(ENGINES)('run lifecycle on %s', (_name, params) => {
  it('goes through prepare, warm-up and measure, and leaves warm-up out of the results', async () => {
    const id = await h.start({
      connection_id: h.idFor(params),
      type: 'oltp_read_only',
      parameters: SMALL,
      duration: 2,
      warmup: 1,
    });
    const summary = await h.engine.waitFor(id);
    expect(summary.status).toBe('completed');
    const statuses = h.events.flatMap((e) =>
      e.event === 'runs.progressed' && e.payload.id === id ? [e.payload.status] : [],
    );
    expect([...new Set(statuses)]).toEqual(['preparing', 'warming_up', 'running', 'completed']);
    const intervals = h.engine.intervals(id);
    expect(intervals.map((i) => i.warmup)).toEqual([true, false, false]);
    expect(intervals.map((i) => i.t)).toEqual([0, 1, 2]);
    const run = h.engine.get(id);
    const measured = intervals.filter((i) => !i.warmup).reduce((a, i) => a + i.tps, 0);
    expect(run.detail.transactions).toBeCloseTo(measured, 0);
    expect(run.metrics.tps).toBeCloseTo(measured / 2, 0);
    expect(run.phase).toBe('done');
    expect(run.progress).toBe(1);
    expect(Object.keys(run.server?.settings ?? {})).toContain('max_connections');
    expect(run.client).toMatchObject({
      cores: expect.any(Number) as number,
      node: process.version,
    });
    expect(Object.keys(intervals[1]!.server_counters).length).toBeGreaterThan(3);
    expect(intervals[1]!.network_rtt_ms).toBeGreaterThan(0);
    expect(run.detail.network_rtt_before_ms).toBeGreaterThan(0);
    expect(run.config).not.toHaveProperty('allow_production');
    // Per statement class: fourteen selects between a BEGIN and a COMMIT in every transaction.
    const by = run.detail.by_statement;
    expect(Object.keys(by).sort()).toEqual(['begin', 'commit', 'select']);
    // (Statements are counted as they finish, transactions at COMMIT: the measurement's edges cut
    // through at most one transaction per client at each end.)
    expect(Math.abs(by.select!.count - 14 * by.begin!.count)).toBeLessThanOrEqual(14 * 2 * 2);
    expect(Math.abs(by.commit!.count - run.detail.transactions)).toBeLessThanOrEqual(2 * 2);
    expect(by.select!.latency.p50).toBeGreaterThan(0);
  });

  it('reuses prepared tables when the layout matches and drops them on cleanup', async () => {
    const schema = 'benchphant_bench_reuse';
    const tableId = () =>
      withClient(params, async (c) => {
        const r =
          params.type === 'postgresql'
            ? await c.query(`SELECT to_regclass('benchphant_bench_reuse.sbtest1')::oid AS v`)
            : await c.query(
                `SELECT create_time AS v FROM information_schema.tables WHERE table_schema = '${schema}' AND table_name = 'sbtest1'`,
              );
        const v = r.rows[0]?.v;
        return v instanceof Date
          ? v.toISOString()
          : typeof v === 'string' || typeof v === 'number'
            ? String(v)
            : '';
      });
    const run = async (cleanup: boolean) => {
      const id = await h.start({
        connection_id: h.idFor(params),
        type: 'oltp_point_select',
        parameters: { table_size: 1000 },
        schema,
        cleanup,
      });
      expect((await h.engine.waitFor(id)).status).toBe('completed');
      return id;
    };
    await withClient(params, (c) =>
      c.query(
        params.type === 'postgresql'
          ? `DROP SCHEMA IF EXISTS ${schema} CASCADE`
          : `DROP DATABASE IF EXISTS ${schema}`,
      ),
    );
    const first = await run(false);
    const before = await tableId();
    const second = await run(false);
    expect(await tableId()).toBe(before);
    const loads = (id: string) =>
      h.events.filter(
        (e) =>
          e.event === 'runs.progressed' && e.payload.id === id && e.payload.rows_per_s !== null,
      ).length;
    expect(loads(first)).toBeGreaterThan(0);
    expect(loads(second)).toBe(0);
    await run(true);
    expect(await tableId()).toBe('');
  });

  it('runs weighted custom scripts with \\sleep and reports each script on its own', async () => {
    const id = await h.start({
      connection_id: h.idFor(params),
      type: 'custom',
      threads: 2,
      duration: 2,
      parameters: { scale: 1 },
      scripts: [
        {
          name: 'reader',
          weight: 3,
          sql: '\\set aid random(1, 100000 * :scale)\nSELECT abalance FROM pgbench_accounts WHERE aid = :aid;',
        },
        { name: 'sleeper', weight: 1, sql: '\\sleep 2 ms\nSELECT 1;' },
      ],
    });
    expect((await h.engine.waitFor(id)).status).toBe('completed');
    const { by_transaction: by } = h.engine.get(id).detail;
    expect(Object.keys(by).sort()).toEqual(['reader', 'sleeper']);
    const ratio = by.reader!.count / by.sleeper!.count;
    expect(ratio).toBeGreaterThan(2.2);
    expect(ratio).toBeLessThan(4);
    expect(by.sleeper!.latency.p50).toBeGreaterThanOrEqual(2);
    expect(by.reader!.latency.p50).toBeLessThan(2);
  });

  it('runs with the simple protocol', async () => {
    const id = await h.start({
      connection_id: h.idFor(params),
      type: 'oltp_read_write',
      parameters: SMALL,
      protocol: 'simple',
    });
    expect((await h.engine.waitFor(id)).status).toBe('completed');
    const run = h.engine.get(id);
    expect(run.metrics.tps).toBeGreaterThan(5);
    expect(run.detail.errors_by_class.syntax).toBe(0);
  });
});

describe('saved runs', () => {
  it('lists runs newest first and deletes one with its intervals', async () => {
    const id = await h.start({
      connection_id: h.idFor(PG),
      type: 'select_only',
      parameters: { scale: 1 },
    });
    await h.engine.waitFor(id);
    expect(h.engine.list()[0]!.id).toBe(id);
    expect(h.engine.intervals(id).length).toBeGreaterThan(0);
    expect(h.engine.delete(id).message).toContain(id);
    expect(() => h.engine.get(id)).toThrow(/No benchmark run/);
    expect(
      h.db.prepare('SELECT count(*) AS n FROM bench_intervals WHERE run_id = ?').get(id),
    ).toEqual({ n: 0 });
  });
});

describe.each(ENGINES)('pipeline on %s', (_name, params) => {
  it('keeps several statements in flight per connection and counts every one', async () => {
    const count = () =>
      withClient(params, async (c) => {
        const r =
          params.type === 'postgresql'
            ? await c.query(
                "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'benchphant_bench'",
              )
            : await c.query(
                "SELECT count(*) AS n FROM information_schema.processlist WHERE db = 'benchphant_bench'",
              );
        return Number(r.rows[0]?.n);
      });
    // Sessions of the previous test's workers may still be closing on the server.
    await until(async () => (await count()) === 0);
    const id = await h.start({
      connection_id: h.idFor(params),
      type: 'oltp_point_select',
      parameters: SMALL,
      threads: 2,
      duration: 2,
      pipeline: 8,
    });
    await until(() => h.engine.intervals(id).length >= 1);
    const sessions = await count();
    expect((await h.engine.waitFor(id)).status).toBe('completed');
    const run = h.engine.get(id);
    expect(run.config.pipeline).toBe(8);
    expect(run.metrics.tps).toBeGreaterThan(100);
    expect(run.metrics.errors).toBe(0);
    // The sixteen loops share two benchmark connections (MySQL also counts the spare session there).
    expect(sessions).toBe(params.type === 'postgresql' ? 2 : 3);
    expect(run.detail.reconnects).toBe(0);
  });

  it('refuses a pipeline for a workload with transaction blocks', async () => {
    await expect(
      h.start({
        connection_id: h.idFor(params),
        type: 'oltp_read_write',
        parameters: SMALL,
        pipeline: 4,
      }),
    ).rejects.toThrow(/pipeline needs a workload without transaction blocks/);
  });
});
