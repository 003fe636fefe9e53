// Runs in the main process, server and CLI. Statement statistics as the engines' catalogs give
// them (pg_stat_statements, performance_schema digests); each SQL engine's module reads its own.
import type { DbClient } from '../../db/client';

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

/** An engine's statement statistics (see its module's statements.ts). */
export interface StatementStats {
  /** Where the engine keeps them, as the run page names it. */
  readonly source: string;
  /**
   * The statements counted in the session's database; `schema` is where a benchmark's statements
   * ran, for an engine that can narrow to it.
   */
  read(client: DbClient, scope: { schema?: string }): Promise<StatementCounters[]>;
  /** What the statistics leave out of a benchmark run with this protocol, said on the run. */
  caveat(protocol: 'prepared' | 'simple'): string | null;
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
