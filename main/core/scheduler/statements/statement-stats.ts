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

export function readStatements(type: DbType, client: DbClient): Promise<StatementCounters[]> {
  switch (type) {
    case 'postgresql':
      return readPostgresStatements(client);
    case 'mysql':
      return readMysqlStatements(client);
    default: {
      const never: never = type;
      throw new Error(`no statement statistics for ${String(never)}`);
    }
  }
}
