// Runs in the main process, server and CLI. The store's schema for a run's query analytics
// (migration 41): the statements of its measured window, kept with the run and gone with it.
import type { Migration } from '../../store/migrations';

export const runStatementsMigration: Migration = {
  version: 41,
  name: 'run query analytics',
  sql: `
    CREATE TABLE run_statements (
      run_id  TEXT PRIMARY KEY REFERENCES bench_runs (id) ON DELETE CASCADE,
      data    TEXT NOT NULL
    );
  `,
};
