// Runs in the main process, server and CLI. Statement statistics as both engines' catalogs give
// them (pg_stat_statements, performance_schema digests), read through the engine's own module.
import type { DbType } from '../../../../shared/model/connection';
import type { DbClient } from '../../db/client';
import { readMysqlStatements } from './mysql';
import { readPostgresStatements } from './postgresql';

/** Cumulative counters of one normalised statement, as the server keeps them. */
export interface StatementCounters {
  /** The server's id for the normalised statement (queryid, digest). */
  key: string;
  text: string;
  calls: number;
  total_ms: number;
  max_ms: number;
  rows: number;
  /** Buffer hits and reads (PostgreSQL); null where the engine does not count them. */
  blks_hit: number | null;
  blks_read: number | null;
}

/** What is off and how to turn it on, for the user to act on. */
export class StatementStatsUnavailable extends Error {
  override name = 'StatementStatsUnavailable';
}

/**
 * The statements counted in the session's database; `schema` is where a benchmark's statements ran
 * (a database of its own on MySQL, so it narrows there; a schema on PostgreSQL, whose statistics
 * are per database).
 */
export function readStatements(
  type: DbType,
  client: DbClient,
  scope: { schema?: string } = {},
): Promise<StatementCounters[]> {
  switch (type) {
    case 'postgresql':
      return readPostgresStatements(client);
    case 'mysql':
      return readMysqlStatements(client, scope.schema);
    default: {
      const never: never = type;
      throw new Error(`no statement statistics for ${String(never)}`);
    }
  }
}

/** Where an engine keeps its statement statistics, as the run page names it. */
export function statementSource(type: DbType): string {
  switch (type) {
    case 'postgresql':
      return 'pg_stat_statements';
    case 'mysql':
      return 'performance_schema';
    default: {
      const never: never = type;
      throw new Error(`no statement statistics for ${String(never)}`);
    }
  }
}

/**
 * What the statistics leave out of a benchmark run, said on the run: MariaDB's performance_schema
 * has no digest for statements executed through the binary protocol (COM_STMT_EXECUTE), which is
 * how the `prepared` protocol runs them.
 */
export function statementCaveat(type: DbType, protocol: 'prepared' | 'simple'): string | null {
  switch (type) {
    case 'postgresql':
      return null;
    case 'mysql':
      return protocol === 'prepared'
        ? "performance_schema counts statements executed as prepared statements (the binary protocol) without a digest, so the workload's own statements are missing here: run with the simple protocol to see them."
        : null;
    default: {
      const never: never = type;
      throw new Error(`no statement statistics for ${String(never)}`);
    }
  }
}

/** Benchphant's own reads of the statement statistics, which reports leave out. */
export const isSnapshotQuery = (text: string): boolean =>
  /pg_stat_statements|performance_schema/i.test(text);

/**
 * Reads of the server's statistics views (a run's probes, the database-metrics sampler): during a
 * benchmark they are Benchphant watching, not the workload, so a run's window leaves them out.
 */
export const isMonitoringQuery = (text: string): boolean =>
  isSnapshotQuery(text) ||
  /\bpg_stat_|\bSHOW\s+(GLOBAL\s+)?STATUS\b|\bSHOW\s+(REPLICA|SLAVE)\s+STATUS\b|information_schema`?\s*\.\s*`?(PROCESSLIST|INNODB_TRX)\b/i.test(
    text,
  );
