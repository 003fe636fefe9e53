// Runs in the main process and the headless server. MySQL/MariaDB metrics: the global status with
// the oldest InnoDB transaction, and the process list, per sample; replica lag only on a replica.
import type { DbClient } from '../../db/client';
import {
  type DbCollector,
  type DbMetricsEngine,
  hitPercent,
  num,
  rate,
} from '../../db-metrics/engines/collector';

/** Status variables as information_schema spells them (upper case); the statement asks for them. */
const STATUS = [
  // Engine commits: autocommit statements count too, unlike Com_commit (explicit COMMITs only).
  'HANDLER_COMMIT',
  'HANDLER_ROLLBACK',
  'QUESTIONS',
  'INNODB_BUFFER_POOL_READS',
  'INNODB_BUFFER_POOL_READ_REQUESTS',
  'INNODB_ROWS_READ',
  'INNODB_ROWS_INSERTED',
  'INNODB_ROWS_UPDATED',
  'INNODB_ROWS_DELETED',
  // MariaDB has no Innodb_rows_*: the server-wide row counters stand in.
  'ROWS_READ',
  'HANDLER_WRITE',
  'HANDLER_UPDATE',
  'HANDLER_DELETE',
  'CREATED_TMP_DISK_TABLES',
  'INNODB_DEADLOCKS',
  'INNODB_ROW_LOCK_WAITS',
  'INNODB_OS_LOG_WRITTEN',
  // Levels, not counters (they may go down without a restart): read as gauges.
  'INNODB_ROW_LOCK_CURRENT_WAITS',
  'UPTIME',
];
/**
 * Two statements per sample, sent together in one round trip on the sampler's own session: the
 * status figures with the oldest InnoDB transaction (the row whose name is NULL), and SHOW
 * PROCESSLIST, grouped here. Two columns, names as the server spells them, so that the client
 * parses as little as it can: every column is a definition packet to decode on each sample.
 * information_schema.PROCESSLIST has a LONGTEXT column, so reading it (even grouped on the server)
 * builds an on-disk temporary table every time: measured with performance_schema at 1 s on MariaDB
 * 10.11, 1.3 ms of server time a sample against 0.8 ms. The status stays a row per figure: folding
 * it into one GROUP_CONCAT text saved the client little and cost the server 35–50 % more; SHOW
 * GLOBAL STATUS (WHERE … IN or LIKE) costs the server about as much and cannot carry the
 * transaction row, which would then need a statement of its own.
 */
const STATUS_SQL = `SELECT VARIABLE_NAME AS n, VARIABLE_VALUE AS v
    FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN (${STATUS.map((s) => `'${s}'`).join(', ')})
  UNION ALL SELECT NULL, MAX(TIMESTAMPDIFF(SECOND, trx_started, NOW())) FROM information_schema.INNODB_TRX`;
/**
 * MySQL 8 moved the status table to performance_schema (information_schema's is gone), where the
 * names keep their mixed case.
 */
const MYSQL8_STATUS_SQL = STATUS_SQL.replace(
  'VARIABLE_NAME AS n',
  'UPPER(VARIABLE_NAME) AS n',
).replace('information_schema.GLOBAL_STATUS', 'performance_schema.global_status');

/** Which of the two forms this server answers, tried once when sampling starts. */
async function statusSql(client: DbClient): Promise<string> {
  try {
    await client.query(STATUS_SQL);
    return STATUS_SQL;
  } catch (err) {
    // Only a server without the table takes the other form; anything else (a dropped session, a
    // missing privilege) is the sample's failure, retried later, not a choice made for good.
    if (/unknown table|doesn't exist/i.test(err instanceof Error ? err.message : String(err)))
      return MYSQL8_STATUS_SQL;
    throw err;
  }
}

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

const LOCK_STATE = /lock/i;

export const mysqlMetrics: DbMetricsEngine = {
  async open(client: DbClient): Promise<DbCollector> {
    const { replica } = await replicaLag(client);
    const statements = [await statusSql(client), 'SHOW PROCESSLIST'];
    const self = Number((await client.query('SELECT CONNECTION_ID() AS id')).rows[0]?.id);
    let started: number | null = null;
    return {
      async sample() {
        const [figures, list] = await client.queryAll(statements);
        const counters: Record<string, number> = {};
        let uptime = 0;
        let currentLockWaits = 0;
        let longestTx = 0;
        for (const r of figures?.rows ?? []) {
          const name = r.n as string | null;
          if (name === null) longestTx = num(r.v) ?? 0;
          else if (name === 'UPTIME') uptime = Number(r.v);
          else if (name === 'INNODB_ROW_LOCK_CURRENT_WAITS') currentLockWaits = Number(r.v);
          else {
            const v = Number(r.v);
            if (Number.isFinite(v)) counters[name] = v;
          }
        }
        const waits: Record<string, number> = {};
        let total = 0;
        let active = 0;
        let idle = 0;
        let lockStates = 0;
        let longestQuery = 0;
        for (const p of list?.rows ?? []) {
          if (Number(p.Id) === self || p.Command === 'Daemon') continue;
          const state = typeof p.State === 'string' ? p.State : '';
          total += 1;
          if (p.Command === 'Sleep') idle += 1;
          else {
            active += 1;
            if (state) waits[state] = (waits[state] ?? 0) + 1;
            if (p.Command === 'Query') longestQuery = Math.max(longestQuery, num(p.Time) ?? 0);
          }
          if (state && LOCK_STATE.test(state)) lockStates += 1;
        }
        // The server's start, from its uptime: a restart moves it (a second of jitter is allowed).
        const start = Date.now() / 1000 - uptime;
        if (started === null || Math.abs(start - started) > 2) started = start;
        return {
          counters,
          epoch: Math.round(started),
          waits,
          gauges: {
            sessions_total: total,
            sessions_active: active,
            sessions_idle: idle,
            sessions_idle_in_transaction: null,
            sessions_waiting_lock: lockStates + currentLockWaits,
            longest_transaction_s: longestTx,
            longest_query_s: longestQuery,
            replication_lag_s: replica ? (await replicaLag(client)).lag : null,
          },
        };
      },
      derive(prev, cur, s) {
        const commits = rate(prev, cur, s, 'HANDLER_COMMIT');
        const rollbacks = rate(prev, cur, s, 'HANDLER_ROLLBACK');
        const either = (a: string, b: string) => rate(prev, cur, s, a) ?? rate(prev, cur, s, b);
        const requests = rate(prev, cur, s, 'INNODB_BUFFER_POOL_READ_REQUESTS');
        const misses = rate(prev, cur, s, 'INNODB_BUFFER_POOL_READS');
        return {
          commits_per_sec: commits,
          rollbacks_per_sec: rollbacks,
          transactions_per_sec: commits === null || rollbacks === null ? null : commits + rollbacks,
          queries_per_sec: rate(prev, cur, s, 'QUESTIONS'),
          cache_hit_percent:
            requests === null || misses === null ? null : hitPercent(requests - misses, misses),
          rows_read_per_sec: either('INNODB_ROWS_READ', 'ROWS_READ'),
          rows_inserted_per_sec: either('INNODB_ROWS_INSERTED', 'HANDLER_WRITE'),
          rows_updated_per_sec: either('INNODB_ROWS_UPDATED', 'HANDLER_UPDATE'),
          rows_deleted_per_sec: either('INNODB_ROWS_DELETED', 'HANDLER_DELETE'),
          temp_bytes_per_sec: null,
          tmp_disk_tables_per_sec: rate(prev, cur, s, 'CREATED_TMP_DISK_TABLES'),
          deadlocks_per_sec: rate(prev, cur, s, 'INNODB_DEADLOCKS'),
          lock_waits_per_sec: rate(prev, cur, s, 'INNODB_ROW_LOCK_WAITS'),
          wal_bytes_per_sec: rate(prev, cur, s, 'INNODB_OS_LOG_WRITTEN'),
          checkpoints_per_sec: null,
        };
      },
    };
  },
};
