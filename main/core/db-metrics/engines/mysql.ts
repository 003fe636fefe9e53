// Runs in the main process and the headless server. MySQL/MariaDB metrics: SHOW GLOBAL STATUS and
// the process list (with the oldest InnoDB transaction) per sample; replica lag only on a replica.
import type { DbClient } from '../../db/client';
import { type DbCollector, type DbMetricsEngine, hitPercent, num, rate } from './collector';

const STATUS = [
  // Engine commits: autocommit statements count too, unlike Com_commit (explicit COMMITs only).
  'Handler_commit',
  'Handler_rollback',
  'Questions',
  'Innodb_buffer_pool_reads',
  'Innodb_buffer_pool_read_requests',
  'Innodb_rows_read',
  'Innodb_rows_inserted',
  'Innodb_rows_updated',
  'Innodb_rows_deleted',
  // MariaDB has no Innodb_rows_*: the server-wide row counters stand in.
  'Rows_read',
  'Handler_write',
  'Handler_update',
  'Handler_delete',
  'Created_tmp_disk_tables',
  'Innodb_deadlocks',
  'Innodb_row_lock_waits',
  'Innodb_row_lock_current_waits',
  'Innodb_os_log_written',
  'Uptime',
];
/** Status variables that are levels, not counters: they may go down without a restart. */
const GAUGES = new Set(['Uptime', 'Innodb_row_lock_current_waits']);
const STATUS_SQL = `SHOW GLOBAL STATUS WHERE Variable_name IN (${STATUS.map((s) => `'${s}'`).join(', ')})`;
const PROCESS_SQL = `SELECT p.COMMAND AS command, p.STATE AS state, p.TIME AS time,
    (SELECT COALESCE(MAX(TIMESTAMPDIFF(SECOND, trx_started, NOW())), 0) FROM information_schema.INNODB_TRX) AS longest_tx
  FROM information_schema.PROCESSLIST p WHERE p.ID <> CONNECTION_ID() AND p.COMMAND <> 'Daemon'`;

async function replicaLag(client: DbClient): Promise<{ replica: boolean; lag: number | null }> {
  let rows: Record<string, unknown>[];
  try {
    rows = (await client.query('SHOW REPLICA STATUS')).rows;
  } catch {
    rows = (await client.query('SHOW SLAVE STATUS')).rows;
  }
  const r = rows[0];
  if (!r) return { replica: false, lag: null };
  return { replica: true, lag: num(r.Seconds_Behind_Source ?? r.Seconds_Behind_Master) };
}

export const mysqlMetrics: DbMetricsEngine = {
  async open(client: DbClient): Promise<DbCollector> {
    const { replica } = await replicaLag(client);
    let started: number | null = null;
    return {
      async sample() {
        const status = new Map(
          (await client.query(STATUS_SQL)).rows.map((r) => [
            String(r.Variable_name),
            Number(r.Value),
          ]),
        );
        const procs = (await client.query(PROCESS_SQL)).rows;
        const counters: Record<string, number> = {};
        for (const [k, v] of status) if (!GAUGES.has(k) && Number.isFinite(v)) counters[k] = v;
        // The server's start, from its uptime: a restart moves it (a second of jitter is allowed).
        const uptime = status.get('Uptime') ?? 0;
        const start = Date.now() / 1000 - uptime;
        if (started === null || Math.abs(start - started) > 2) started = start;
        const waits: Record<string, number> = {};
        let active = 0;
        let idle = 0;
        let lockStates = 0;
        let longestQuery = 0;
        for (const p of procs) {
          const command = String(p.command);
          const state = typeof p.state === 'string' ? p.state : '';
          if (command === 'Sleep') idle += 1;
          else {
            active += 1;
            if (command === 'Query') longestQuery = Math.max(longestQuery, Number(p.time) || 0);
          }
          if (state && command !== 'Sleep') waits[state] = (waits[state] ?? 0) + 1;
          if (/lock/i.test(state)) lockStates += 1;
        }
        return {
          counters,
          epoch: Math.round(started),
          waits,
          gauges: {
            sessions_total: procs.length,
            sessions_active: active,
            sessions_idle: idle,
            sessions_idle_in_transaction: null,
            sessions_waiting_lock: lockStates + (status.get('Innodb_row_lock_current_waits') ?? 0),
            longest_transaction_s: num(procs[0]?.longest_tx) ?? 0,
            longest_query_s: longestQuery,
            replication_lag_s: replica ? (await replicaLag(client)).lag : null,
          },
        };
      },
      derive(prev, cur, s) {
        const commits = rate(prev, cur, s, 'Handler_commit');
        const rollbacks = rate(prev, cur, s, 'Handler_rollback');
        const either = (a: string, b: string) => rate(prev, cur, s, a) ?? rate(prev, cur, s, b);
        const requests = rate(prev, cur, s, 'Innodb_buffer_pool_read_requests');
        const misses = rate(prev, cur, s, 'Innodb_buffer_pool_reads');
        return {
          commits_per_sec: commits,
          rollbacks_per_sec: rollbacks,
          transactions_per_sec: commits === null || rollbacks === null ? null : commits + rollbacks,
          queries_per_sec: rate(prev, cur, s, 'Questions'),
          cache_hit_percent:
            requests === null || misses === null ? null : hitPercent(requests - misses, misses),
          rows_read_per_sec: either('Innodb_rows_read', 'Rows_read'),
          rows_inserted_per_sec: either('Innodb_rows_inserted', 'Handler_write'),
          rows_updated_per_sec: either('Innodb_rows_updated', 'Handler_update'),
          rows_deleted_per_sec: either('Innodb_rows_deleted', 'Handler_delete'),
          temp_bytes_per_sec: null,
          tmp_disk_tables_per_sec: rate(prev, cur, s, 'Created_tmp_disk_tables'),
          deadlocks_per_sec: rate(prev, cur, s, 'Innodb_deadlocks'),
          lock_waits_per_sec: rate(prev, cur, s, 'Innodb_row_lock_waits'),
          wal_bytes_per_sec: rate(prev, cur, s, 'Innodb_os_log_written'),
          checkpoints_per_sec: null,
        };
      },
    };
  },
};
