// Runs in the main process, server and CLI. Migration 45: a run's database and server-host
// figures aligned to its intervals, saved when it ends (the raw seconds they come from are pruned).
import type { Migration } from '../store/migrations';

export const runServerMetricsMigration: Migration = {
  version: 45,
  name: 'run server metrics',
  sql: `
    CREATE TABLE run_server_metrics (
      run_id  TEXT PRIMARY KEY REFERENCES bench_runs (id) ON DELETE CASCADE,
      data    TEXT NOT NULL
    );
  `,
};
