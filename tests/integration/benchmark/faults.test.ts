// Cancellation, reconnection after the server kills the benchmark's sessions, production refusal
// and script errors, against the real servers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { ConnectionParams } from '../../../shared/model/connection';
import { createHarness, ENGINES, type Harness, PG, PROD_ID, until, withClient } from './harness';

let h: Harness;
beforeAll(() => {
  h = createHarness();
});
afterAll(() => h.close());

const SMALL = { tables: 2, table_size: 2000 };

/** The AppError a promise rejects with; fails the test if it resolves or throws something else. */
async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

async function benchSessions(p: ConnectionParams): Promise<number> {
  return withClient(p, async (c) => {
    const r =
      p.type === 'postgresql'
        ? await c.query(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'benchphant_bench'",
          )
        : await c.query(
            "SELECT count(*) AS n FROM information_schema.processlist WHERE db = 'benchphant_bench'",
          );
    return Number(r.rows[0]?.n);
  });
}

async function killBenchSessions(p: ConnectionParams): Promise<number> {
  return withClient(p, async (c) => {
    if (p.type === 'postgresql') {
      const r = await c.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'benchphant_bench'",
      );
      return r.rows.length;
    }
    const r = await c.query(
      "SELECT id FROM information_schema.processlist WHERE db = 'benchphant_bench' AND id <> CONNECTION_ID()",
    );
    for (const row of r.rows) await c.query(`KILL ${Number(row.id)}`).catch(() => undefined);
    return r.rows.length;
  });
}

describe.each(ENGINES)('faults on %s', (_name, params) => {
  const pointSelects = (threads: number, duration: number) =>
    h.start({
      connection_id: h.idFor(params),
      type: 'oltp_point_select',
      parameters: SMALL,
      threads,
      duration,
    });
  // One connection has the native engine's thread to itself: it waits for answers in a blocking read.
  it.each([4, 1])(
    'cancel stops every worker within a second and keeps what was measured, on %i connection(s)',
    async (threads) => {
      const id = await pointSelects(threads, 60);
      await until(() => h.engine.intervals(id).length >= 2);
      const t = performance.now();
      const summary = await h.engine.cancel(id);
      expect(performance.now() - t).toBeLessThan(1000);
      expect(summary.status).toBe('cancelled');
      expect(summary.end_time).not.toBeNull();
      const run = h.engine.get(id);
      expect(run.metrics.tps).toBeGreaterThan(0);
      expect(run.detail.transactions).toBeGreaterThan(0);
      await until(async () => (await benchSessions(params)) === 0, 5000);
    },
  );

  it('cancel stops within a second a lone connection waiting on a long statement', async () => {
    const sleep = params.type === 'postgresql' ? 'SELECT pg_sleep(5);' : 'SELECT SLEEP(5);';
    const id = await h.start({
      connection_id: h.idFor(params),
      type: 'custom',
      parameters: { init: 'none' },
      scripts: [{ name: 'long', weight: 1, sql: sleep }],
      threads: 1,
      duration: 60,
      warmup: 0,
    });
    await until(() => h.engine.intervals(id).length >= 1);
    const t = performance.now();
    expect((await h.engine.cancel(id)).status).toBe('cancelled');
    expect(performance.now() - t).toBeLessThan(1000);
    await until(async () => (await benchSessions(params)) === 0, 7000);
  });

  it.each([4, 1])(
    're-establishes connections the server killed and goes on, on %i connection(s)',
    async (threads) => {
      const id = await pointSelects(threads, 4);
      await until(() => h.engine.intervals(id).length >= 1);
      expect(await killBenchSessions(params)).toBeGreaterThanOrEqual(threads);
      const summary = await h.engine.waitFor(id);
      expect(summary.status).toBe('completed');
      const run = h.engine.get(id);
      expect(run.detail.errors_by_class.connection).toBeGreaterThanOrEqual(1);
      expect(run.detail.reconnects).toBeGreaterThanOrEqual(threads);
      expect(run.detail.first_errors.connection).toBeTruthy();
      const intervals = h.engine.intervals(id);
      expect(intervals.at(-1)!.tps).toBeGreaterThan(10);
    },
  );

  it('reports a syntax error of a custom script at prepare with its line and the server message', async () => {
    const id = await h.start({
      connection_id: h.idFor(params),
      type: 'custom',
      parameters: { scale: 1 },
      scripts: [
        {
          name: 'broken',
          weight: 1,
          sql: '\\set aid random(1, 1000)\nSELECT abalance FROM pgbench_accounts WHERE aid = :aid;\n\nSELEC 1;',
        },
      ],
    });
    const summary = await h.engine.waitFor(id);
    expect(summary.status).toBe('failed');
    expect(summary.message).toContain("Script 'broken' line 4:");
    expect(summary.message).toMatch(
      params.type === 'postgresql' ? /syntax error at or near "SELEC"/ : /error in your SQL syntax/,
    );
    expect(h.engine.intervals(id)).toHaveLength(0);
  });
});

describe('safety and validation', () => {
  it('refuses a benchmark on a production connection unless allow_production is given', async () => {
    const before = h.engine.list().length;
    const refused = await failure(
      h.start({ connection_id: PROD_ID, type: 'oltp_read_write', parameters: SMALL }),
    );
    expect(refused.code).toBe('REFUSED');
    expect(refused.message).toContain("'prod-pg' is a production connection");
    expect(h.engine.list()).toHaveLength(before);
    const id = await h.start({
      connection_id: PROD_ID,
      type: 'oltp_read_write',
      parameters: SMALL,
      allow_production: true,
    });
    expect((await h.engine.cancel(id)).status).toMatch(/cancelled|completed/);
  });

  it('rejects a meta-command error before starting, with the script line', async () => {
    const bad = await failure(
      h.start({
        connection_id: h.idFor(PG),
        type: 'custom',
        scripts: [{ name: 'meta', weight: 1, sql: 'SELECT 1;\n\\set x random(1,' }],
      }),
    );
    expect(bad.code).toBe('BAD_INPUT');
    expect(bad.message).toContain("Script 'meta' line 2");
  });

  it('refuses a second run while one is going', async () => {
    const id = await h.start({
      connection_id: h.idFor(PG),
      type: 'oltp_point_select',
      parameters: SMALL,
      duration: 30,
    });
    expect(
      (await failure(h.start({ connection_id: h.idFor(PG), type: 'oltp_point_select' }))).code,
    ).toBe('CONFLICT');
    await h.engine.cancel(id);
  });
});

describe('retries', () => {
  const hot = {
    name: 'hot-row',
    weight: 1,
    sql: 'BEGIN ISOLATION LEVEL REPEATABLE READ;\nUPDATE pgbench_branches SET bbalance = bbalance + 1 WHERE bid = 1;\nCOMMIT;',
  };

  it('counts serialization failures, and retries them up to max_tries', async () => {
    const once = await h.start({
      connection_id: h.idFor(PG),
      type: 'custom',
      threads: 4,
      parameters: { scale: 1 },
      scripts: [hot],
    });
    expect((await h.engine.waitFor(once)).status).toBe('completed');
    const failed = h.engine.get(once).detail;
    expect(failed.errors_by_class.serialization).toBeGreaterThan(0);
    expect(failed.retries).toBe(0);
    expect(failed.first_errors.serialization).toMatch(/could not serialize/);

    const retried = await h.start({
      connection_id: h.idFor(PG),
      type: 'custom',
      threads: 4,
      parameters: { scale: 1 },
      scripts: [hot],
      max_tries: 50,
    });
    expect((await h.engine.waitFor(retried)).status).toBe('completed');
    const detail = h.engine.get(retried).detail;
    expect(detail.retries).toBeGreaterThan(0);
    expect(detail.errors_by_class.serialization).toBeLessThan(failed.errors_by_class.serialization);
  });
});
