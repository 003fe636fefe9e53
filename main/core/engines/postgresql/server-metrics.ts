// Runs in the main process and the headless server. PostgreSQL metrics from the statistics views:
// one query per sample (pg_stat_database, pg_stat_activity, checkpoints, WAL and replication lag),
// built once for the server's version (pg_stat_checkpointer from 17, pg_stat_wal from 14).
import type { DbClient } from '../../db/client';
import {
  type DbCollector,
  type DbMetricsEngine,
  hitPercent,
  num,
  rate,
} from '../../db-metrics/engines/collector';

const COUNTERS = [
  'xact_commit',
  'xact_rollback',
  'blks_hit',
  'blks_read',
  'tup_returned',
  'tup_fetched',
  'tup_inserted',
  'tup_updated',
  'tup_deleted',
  'temp_bytes',
  'deadlocks',
  'checkpoints',
  'wal_bytes',
] as const;

function sampleSql(version: number): string {
  const checkpoints =
    version >= 170000
      ? '(SELECT num_timed + num_requested FROM pg_stat_checkpointer)'
      : '(SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter)';
  const wal = version >= 140000 ? '(SELECT wal_bytes FROM pg_stat_wal)' : 'NULL::numeric';
  // Sessions are the server's client backends, less this sampler's own. The row comes back as one
  // JSON text: one field to describe and decode instead of 22 (the client's cold cost per sample).
  return `SELECT row_to_json(s)::text AS j FROM (SELECT d.xact_commit, d.xact_rollback, d.blks_hit, d.blks_read, d.tup_returned, d.tup_fetched,
      d.tup_inserted, d.tup_updated, d.tup_deleted, d.temp_bytes, d.deadlocks,
      ${checkpoints} AS checkpoints, ${wal} AS wal_bytes,
      extract(epoch FROM pg_postmaster_start_time()) AS epoch,
      a.total, a.active, a.idle, a.idle_tx, a.waiting_lock, a.longest_tx, a.longest_query, a.waits,
      CASE WHEN pg_is_in_recovery() THEN
        CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
             ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END
      ELSE (SELECT extract(epoch FROM max(replay_lag)) FROM pg_stat_replication) END AS replication_lag
    FROM pg_stat_database d, (
      SELECT count(*) AS total,
        count(*) FILTER (WHERE state = 'active') AS active,
        count(*) FILTER (WHERE state = 'idle') AS idle,
        count(*) FILTER (WHERE state LIKE 'idle in transaction%') AS idle_tx,
        count(*) FILTER (WHERE wait_event_type = 'Lock') AS waiting_lock,
        coalesce(extract(epoch FROM max(now() - xact_start)), 0) AS longest_tx,
        coalesce(extract(epoch FROM max(now() - query_start) FILTER (WHERE state = 'active')), 0) AS longest_query,
        coalesce((SELECT json_object_agg(t, n) FROM (
          SELECT wait_event_type AS t, count(*) AS n FROM pg_stat_activity
          WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND wait_event_type IS NOT NULL
          GROUP BY 1) w), '{}'::json) AS waits
      FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()) a
    WHERE d.datname = current_database()) s`;
}

export const postgresMetrics: DbMetricsEngine = {
  async open(client: DbClient): Promise<DbCollector> {
    const { rows } = await client.query("SELECT current_setting('server_version_num')::int AS v");
    const sql = sampleSql(Number(rows[0]?.v ?? 0));
    return {
      async sample() {
        // Prepared once: parsing and planning this statement every second cost the server more
        // than running it, and the client twice the CPU.
        const row = (await client.query(sql, [], { name: 'benchphant_db_metrics' })).rows[0];
        const r = (row ? JSON.parse(String(row.j)) : {}) as Record<string, unknown>;
        const counters: Record<string, number> = {};
        for (const k of COUNTERS) {
          const v = num(r[k]);
          if (v !== null) counters[k] = v;
        }
        const waits = (r.waits ?? {}) as Record<string, number>;
        return {
          counters,
          epoch: num(r.epoch) ?? 0,
          waits,
          gauges: {
            sessions_total: num(r.total),
            sessions_active: num(r.active),
            sessions_idle: num(r.idle),
            sessions_idle_in_transaction: num(r.idle_tx),
            sessions_waiting_lock: num(r.waiting_lock),
            longest_transaction_s: num(r.longest_tx),
            longest_query_s: num(r.longest_query),
            replication_lag_s: num(r.replication_lag),
          },
        };
      },
      derive(prev, cur, s) {
        const commits = rate(prev, cur, s, 'xact_commit');
        const rollbacks = rate(prev, cur, s, 'xact_rollback');
        return {
          commits_per_sec: commits,
          rollbacks_per_sec: rollbacks,
          transactions_per_sec: commits === null || rollbacks === null ? null : commits + rollbacks,
          // PostgreSQL counts no statements without pg_stat_statements.
          queries_per_sec: null,
          cache_hit_percent: hitPercent(
            rate(prev, cur, s, 'blks_hit'),
            rate(prev, cur, s, 'blks_read'),
          ),
          rows_read_per_sec: rate(prev, cur, s, 'tup_returned', 'tup_fetched'),
          rows_inserted_per_sec: rate(prev, cur, s, 'tup_inserted'),
          rows_updated_per_sec: rate(prev, cur, s, 'tup_updated'),
          rows_deleted_per_sec: rate(prev, cur, s, 'tup_deleted'),
          temp_bytes_per_sec: rate(prev, cur, s, 'temp_bytes'),
          tmp_disk_tables_per_sec: null,
          deadlocks_per_sec: rate(prev, cur, s, 'deadlocks'),
          lock_waits_per_sec: null,
          wal_bytes_per_sec: rate(prev, cur, s, 'wal_bytes'),
          checkpoints_per_sec: rate(prev, cur, s, 'checkpoints'),
        };
      },
    };
  },
};
