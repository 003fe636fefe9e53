// Runs in the main process, server and CLI. The store's schema for database metrics (migration 36):
// raw one-second samples per connection, and minute/hour rollups keeping min, sum, max and count.
import type { Migration } from '../store/migrations';

export const dbMetricsMigration: Migration = {
  version: 36,
  name: 'database metrics',
  sql: seriesTablesSql('db_metric'),
};

/** The samples and rollups tables of a per-connection series (`<prefix>_samples`, `_rollups`). */
export function seriesTablesSql(prefix: string): string {
  return `
    CREATE TABLE ${prefix}_samples (
      connection_id  TEXT NOT NULL,
      ts             INTEGER NOT NULL,
      run_id         TEXT,
      brk            INTEGER NOT NULL DEFAULT 0,
      data           TEXT NOT NULL,
      PRIMARY KEY (connection_id, ts)
    ) WITHOUT ROWID;
    CREATE TABLE ${prefix}_rollups (
      connection_id  TEXT NOT NULL,
      level          TEXT NOT NULL,
      ts             INTEGER NOT NULL,
      data           TEXT NOT NULL,
      PRIMARY KEY (connection_id, level, ts)
    ) WITHOUT ROWID;
  `;
}
