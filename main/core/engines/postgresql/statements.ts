// Runs in the main process, server and CLI. pg_stat_statements for the log_analysis task and run
// snapshots: one query per snapshot; a missing extension becomes what to change and how.
import type { DbClient } from '../../db/client';
import {
  type StatementCounters,
  type StatementStats,
  StatementStatsUnavailable,
} from '../../scheduler/statements/statement-stats';

const SQL = `SELECT queryid::text AS key, query AS text, calls, total_exec_time AS total_ms,
    max_exec_time AS max_ms, rows, shared_blks_hit AS blks_hit, shared_blks_read AS blks_read
  FROM pg_stat_statements
  WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND queryid IS NOT NULL`;

async function readPostgresStatements(client: DbClient): Promise<StatementCounters[]> {
  try {
    const { rows } = await client.query(SQL);
    return rows.map((r) => ({
      key: String(r.key),
      text: String(r.text),
      calls: Number(r.calls),
      total_ms: Number(r.total_ms),
      max_ms: Number(r.max_ms),
      rows: Number(r.rows),
      blks_hit: Number(r.blks_hit),
      blks_read: Number(r.blks_read),
    }));
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (/pg_stat_statements.*does not exist/i.test(msg)) {
      throw new StatementStatsUnavailable(
        'pg_stat_statements is not installed in this database: add pg_stat_statements to shared_preload_libraries in postgresql.conf, restart PostgreSQL, then run CREATE EXTENSION pg_stat_statements; in this database.',
      );
    }
    if (/must be loaded via .?shared_preload_libraries/i.test(msg)) {
      throw new StatementStatsUnavailable(
        'pg_stat_statements is installed but not loaded: add pg_stat_statements to shared_preload_libraries in postgresql.conf and restart PostgreSQL.',
      );
    }
    throw err;
  }
}

export const postgresStatements: StatementStats = {
  source: 'pg_stat_statements',
  // Its statistics are per database, so a benchmark's schema cannot narrow them.
  read: (client) => readPostgresStatements(client),
  caveat: () => null,
};
