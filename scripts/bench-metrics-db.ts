// Runs under tsx as part of `npm run bench:metrics`: a measurement, not a test. The database
// sampler's cost on a private PostgreSQL (pg_stat_statements) and a private MariaDB
// (performance_schema) — server query time and client CPU per sample at 1 s — and history
// queries and disk for a month of one connection's 1-second samples. Never a pass/fail check.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DbSample } from '../shared/contract/db-metrics';
import type { ConnectionParams } from '../shared/model/connection';
import { openClient } from '../main/core/db/client';
import { readHistory } from '../main/core/db-metrics/history';
import { DbMetricsStore, Rollups } from '../main/core/db-metrics/store';
import { openDatabase } from '../main/core/store/database';
import { startPrivateMariadb } from '../tests/support/private-mariadb';
import { startPrivatePostgres } from '../tests/support/private-postgres';

/** Ports reserved for this bench's private servers. */
const PG_PORT = 15442;
const MARIADB_PORT = 15443;
const DAY = 86_400_000;

export interface DbSamplingResult {
  engine: string;
  serverMsPerSample: number;
  /** CPU of the sampler's session on the server (null where it could not be found). */
  serverCpuMsPerSample: number | null;
  clientCpuMsPerSample: number;
  samples: number;
}

type Loop = (env: NodeJS.ProcessEnv) => {
  perSampleMs: number;
  serverCpuPerSampleMs: number | null;
  samples: number;
};

/** Server time of the sampler's own statements, by pg_stat_statements (exec + plan). */
async function postgresRow(loop: Loop): Promise<DbSamplingResult> {
  const pg = await startPrivatePostgres({
    password: 'bench-pw',
    port: PG_PORT,
    settings: [
      'shared_preload_libraries=pg_stat_statements',
      'pg_stat_statements.track_planning=on',
    ],
  });
  try {
    const admin = await openClient(pg.params);
    await admin.query('CREATE EXTENSION pg_stat_statements');
    await admin.query('SELECT pg_stat_statements_reset()');
    const r = loop({ BENCH_DB_PARAMS: JSON.stringify(pg.params) });
    const { rows } = await admin.query(
      `SELECT sum(calls) AS calls, sum(total_exec_time + total_plan_time) AS ms
         FROM pg_stat_statements WHERE query LIKE '%pg_stat_database d%'`,
    );
    await admin.close();
    const calls = Number(rows[0]?.calls ?? 0);
    return {
      engine: 'PostgreSQL',
      serverMsPerSample: Number(rows[0]?.ms ?? NaN) / calls,
      serverCpuMsPerSample: r.serverCpuPerSampleMs,
      clientCpuMsPerSample: r.perSampleMs,
      samples: calls,
    };
  } finally {
    await pg.stop();
  }
}

/** Server time of the sampler's statements (status and transactions, process list), by performance_schema. */
async function mariadbRow(loop: Loop): Promise<DbSamplingResult> {
  const maria = await startPrivateMariadb({
    port: MARIADB_PORT,
    serverArgs: ['--performance-schema=ON'],
  });
  try {
    const admin = await openClient(maria.params);
    await admin.query('TRUNCATE TABLE performance_schema.events_statements_summary_by_digest');
    const r = loop({ BENCH_DB_PARAMS: JSON.stringify(maria.params) });
    // Two statements per sample (the status with the oldest transaction, then the process
    // list), each counted once a sample. Sent as one multi-statement query, MariaDB 10.11 files
    // the process list under a digest whose text is the first statement's, so the samples are
    // the largest count, not the count of the digests naming the status table.
    const { rows } = await admin.query(
      `SELECT MAX(COUNT_STAR) AS samples,
              SUM(SUM_TIMER_WAIT) / 1e9 AS ms
         FROM performance_schema.events_statements_summary_by_digest
        WHERE DIGEST_TEXT LIKE '%GLOBAL_STATUS%' OR DIGEST_TEXT LIKE 'SHOW PROCESSLIST%'`,
    );
    await admin.close();
    const samples = Number(rows[0]?.samples ?? 0);
    return {
      engine: 'MariaDB',
      serverMsPerSample: Number(rows[0]?.ms ?? NaN) / samples,
      serverCpuMsPerSample: r.serverCpuPerSampleMs,
      clientCpuMsPerSample: r.perSampleMs,
      samples,
    };
  } finally {
    await maria.stop();
  }
}

export async function dbSampling(loop: Loop): Promise<DbSamplingResult[]> {
  return [await postgresRow(loop), await mariadbRow(loop)];
}

export interface HistoryResult {
  queries: { name: string; points: number; wallMs: number }[];
  /** Bytes of a connection's month: a day of raw seconds, a month of minutes and hours. */
  bytesPerConnectionMonth: number;
  buildSeconds: number;
}

/** A real sample's figures, jittered per second (deterministic). */
function jittered(base: DbSample['values'], i: number): DbSample['values'] {
  const out: DbSample['values'] = {};
  let x = (i * 2_654_435_761) >>> 0 || 1;
  for (const [k, v] of Object.entries(base)) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[k as keyof DbSample['values']] =
      v === null || v === undefined ? null : (v || 10) * (0.5 + (x >>> 0) / 4_294_967_296);
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/**
 * 30 days of one connection sampled every second, kept as the app keeps them: every second goes
 * through the minute/hour rollups, raw rows stay for the last day (older ones are pruned).
 */
export function history(base: DbSample['values']): HistoryResult {
  const dir = mkdtempSync(join(tmpdir(), 'bp-bench-dbhist-'));
  const db = openDatabase(join(dir, 'benchphant.sqlite'));
  const store = new DbMetricsStore(db);
  const id = 'bench-connection';
  const now = Date.now() - (Date.now() % 3_600_000);
  const from = now - 30 * DAY;
  const rollups = new Rollups(store, id);
  const began = performance.now();
  const write = db.transaction((start: number, end: number) => {
    for (let ts = start, i = (start - from) / 1000; ts < end; ts += 1000, i += 1) {
      const values = jittered(base, i);
      if (ts >= now - DAY)
        store.insert({
          connection_id: id,
          timestamp: new Date(ts).toISOString(),
          values,
          waits: {},
          break: false,
          run_id: null,
        });
      rollups.add(ts, values);
    }
  });
  for (let t = from; t < now; t += DAY) write(t, Math.min(now, t + DAY));
  rollups.flush();
  const buildSeconds = (performance.now() - began) / 1000;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('VACUUM');

  const iso = (ms: number) => new Date(ms).toISOString();
  const ask = (span: number, interval?: '1s' | '1m' | '1h') => () =>
    readHistory(store, {
      id,
      metric: 'transactions_per_sec',
      start_time: iso(now - span),
      end_time: iso(now),
      interval,
    });
  const cases: [string, () => ReturnType<ReturnType<typeof ask>>][] = [
    ['30 days, auto', ask(30 * DAY)],
    ['7 days, auto', ask(7 * DAY)],
    ['24 h, auto', ask(DAY)],
    ['1 h, auto', ask(3_600_000)],
    ['30 min, auto', ask(1_800_000)],
    ['30 days at 1m (every minute rollup)', ask(30 * DAY, '1m')],
  ];
  const queries = cases.map(([name, fn]) => {
    const first = fn();
    const points = first.points.length;
    const t: number[] = [];
    for (let i = 0; i < 15; i += 1) {
      const a = performance.now();
      fn();
      t.push(performance.now() - a);
    }
    return { name: `${name} (${first.interval})`, points, wallMs: median(t) };
  });
  const bytes = (
    db
      .prepare(
        `SELECT coalesce(sum(pgsize), 0) AS b FROM dbstat WHERE name IN ('db_metric_samples', 'db_metric_rollups')`,
      )
      .get() as { b: number }
  ).b;
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return { queries, bytesPerConnectionMonth: bytes, buildSeconds };
}

/** One real sample's figures from the loopback PostgreSQL, as the base of the generated month. */
export async function realFigures(params: ConnectionParams): Promise<DbSample['values']> {
  const { postgresMetrics } = await import('../main/core/engines/postgresql/server-metrics');
  const client = await openClient(params);
  try {
    const c = await postgresMetrics.open(client);
    const a = await c.sample();
    await new Promise((r) => setTimeout(r, 1000));
    const b = await c.sample();
    return { ...b.gauges, ...c.derive(a, b, 1) };
  } finally {
    await client.close();
  }
}
