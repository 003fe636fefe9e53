// Runs in the main process, server and CLI. The store's schema for database metrics (migration 36):
// raw one-second samples per connection, and minute/hour rollups keeping min, sum, max and count.
import type { Migration } from '../store/migrations';

export const dbMetricsMigration: Migration = {
  version: 36,
  name: 'database metrics',
  sql: `
    CREATE TABLE db_metric_samples (
      connection_id  TEXT NOT NULL,
      ts             INTEGER NOT NULL,
      run_id         TEXT,
      brk            INTEGER NOT NULL DEFAULT 0,
      data           TEXT NOT NULL,
      PRIMARY KEY (connection_id, ts)
    ) WITHOUT ROWID;
    CREATE TABLE db_metric_rollups (
      connection_id  TEXT NOT NULL,
      level          TEXT NOT NULL,
      ts             INTEGER NOT NULL,
      data           TEXT NOT NULL,
      PRIMARY KEY (connection_id, level, ts)
    ) WITHOUT ROWID;
  `,
};
