// Runs in the main process, server and CLI. What a run records about the server: version, key
// settings, counters sampled each interval, and the round trip of a trivial query.
import type { DbClient } from '../db/client';
import type { ServerInfo } from './repository';
import type { BenchSession, Statement } from './workloads/spec';

const PG_SETTINGS = [
  'shared_buffers',
  'max_connections',
  'synchronous_commit',
  'work_mem',
  'effective_cache_size',
  'fsync',
  'wal_level',
  'max_wal_size',
  'checkpoint_timeout',
  'random_page_cost',
  'default_transaction_isolation',
];
const MYSQL_SETTINGS = [
  'innodb_buffer_pool_size',
  'innodb_flush_log_at_trx_commit',
  'max_connections',
  'sync_binlog',
  'innodb_log_file_size',
  'innodb_flush_method',
  'transaction_isolation',
  'tx_isolation',
  'innodb_io_capacity',
  'thread_handling',
];
const MYSQL_COUNTERS = [
  'Questions',
  'Com_select',
  'Com_insert',
  'Com_update',
  'Com_delete',
  'Com_commit',
  'Com_rollback',
  'Innodb_buffer_pool_reads',
  'Innodb_buffer_pool_read_requests',
  'Innodb_row_lock_waits',
  'Threads_running',
];
/** Gauges are reported as they are; every other counter as its change over the interval. */
const GAUGES = new Set(['Threads_running']);

export async function serverInfo(client: DbClient): Promise<ServerInfo> {
  const version = await client.serverVersion();
  const settings: Record<string, string> = {};
  if (client.type === 'postgresql') {
    const r = await client.query(
      'SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1)',
      [PG_SETTINGS],
    );
    for (const row of r.rows) {
      const unit = typeof row.unit === 'string' && row.unit ? ` ${row.unit}` : '';
      settings[String(row.name)] = `${String(row.setting)}${unit}`;
    }
  } else {
    const r = await client.query('SHOW GLOBAL VARIABLES WHERE Variable_name IN (?)', [
      MYSQL_SETTINGS,
    ]);
    for (const row of r.rows) settings[String(row.Variable_name)] = String(row.Value);
  }
  return { version, settings };
}

export async function serverCounters(client: DbClient): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  if (client.type === 'postgresql') {
    const r = await client.query(
      `SELECT xact_commit, xact_rollback, blks_read, blks_hit, tup_returned, tup_fetched,
              tup_inserted, tup_updated, tup_deleted, deadlocks
         FROM pg_stat_database WHERE datname = current_database()`,
    );
    for (const [k, v] of Object.entries(r.rows[0] ?? {})) out[k] = Number(v);
  } else {
    const r = await client.query('SHOW GLOBAL STATUS WHERE Variable_name IN (?)', [MYSQL_COUNTERS]);
    for (const row of r.rows) out[String(row.Variable_name)] = Number(row.Value);
  }
  return out;
}

export function counterDelta(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) out[k] = GAUGES.has(k) ? v : v - (before[k] ?? v);
  return out;
}

const IDLE_PROBE: Statement = {
  name: 'bp_idle_rtt',
  sql: 'SELECT 1',
  parts: ['SELECT 1'],
  txControl: false,
  cls: 0,
};

/**
 * Round trips of `SELECT 1` on an idle benchmark session, in milliseconds, fastest first. It is the
 * path the workers time their statements on, so the figure compares like with like with theirs
 * (the admin driver adds its own parsing on top). The first run prepares and is not counted.
 */
export async function idleRoundTrips(session: BenchSession, count: number): Promise<number[]> {
  await session.run(IDLE_PROBE, []);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await session.run(IDLE_PROBE, []);
    out.push(Math.round((performance.now() - start) * 1000) / 1000);
  }
  return out.sort((a, b) => a - b);
}

/** Milliseconds for `SELECT 1` on the admin session (the probe under load). */
export async function roundTrip(client: DbClient): Promise<number> {
  const start = performance.now();
  await client.query('SELECT 1');
  return Math.round((performance.now() - start) * 1000) / 1000;
}
