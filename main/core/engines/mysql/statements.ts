// Runs in the main process, server and CLI. performance_schema statement digests for the
// log_analysis task and run snapshots; performance_schema=OFF becomes what to change and how.
import type { DbClient } from '../../db/client';
import {
  type StatementCounters,
  type StatementStats,
  StatementStatsUnavailable,
} from '../../scheduler/statements/statement-stats';

// Timer columns are picoseconds.
const SQL = `SELECT DIGEST AS \`key\`, DIGEST_TEXT AS text, COUNT_STAR AS calls,
    SUM_TIMER_WAIT / 1e9 AS total_ms, MAX_TIMER_WAIT / 1e9 AS max_ms, SUM_ROWS_SENT + SUM_ROWS_AFFECTED AS \`rows\`
  FROM performance_schema.events_statements_summary_by_digest
  WHERE SCHEMA_NAME = COALESCE(?, DATABASE()) AND DIGEST IS NOT NULL`;

/** `schema`: the database the statements ran in (default: the session's). */
async function readMysqlStatements(
  client: DbClient,
  schema?: string,
): Promise<StatementCounters[]> {
  const { rows: on } = await client.query('SELECT @@performance_schema AS on_');
  if (Number(on[0]?.on_ ?? 0) !== 1) {
    throw new StatementStatsUnavailable(
      'performance_schema is OFF on this server: set performance_schema=ON under [mysqld] in its option file (my.cnf) and restart the server.',
    );
  }
  const { rows } = await client.query(SQL, [schema ?? null]);
  return rows.map((r) => ({
    key: String(r.key),
    text: typeof r.text === 'string' ? r.text : '',
    calls: Number(r.calls),
    total_ms: Number(r.total_ms),
    max_ms: Number(r.max_ms),
    rows: Number(r.rows),
    blks_hit: null,
    blks_read: null,
  }));
}

export const mysqlStatements: StatementStats = {
  source: 'performance_schema',
  read: (client, scope) => readMysqlStatements(client, scope.schema),
  // MariaDB's performance_schema has no digest for statements executed through the binary
  // protocol (COM_STMT_EXECUTE), which is how the `prepared` protocol runs them.
  caveat: (protocol) =>
    protocol === 'prepared'
      ? "performance_schema counts statements executed as prepared statements (the binary protocol) without a digest, so the workload's own statements are missing here: run with the simple protocol to see them."
      : null,
};
