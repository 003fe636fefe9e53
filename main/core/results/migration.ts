// Runs in the main process, server and CLI. The store's schema for results (migration 5): tags
// and notes on runs, and what an imported run brought with it that has no other home.
import type { Migration } from '../store/migrations';

export const resultsMigration: Migration = {
  version: 5,
  name: 'run tags, notes and imports',
  sql: `
    ALTER TABLE bench_runs ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE bench_runs ADD COLUMN notes TEXT NOT NULL DEFAULT '';
    ALTER TABLE bench_runs ADD COLUMN imported_from TEXT;
    CREATE TABLE run_imports (
      run_id        TEXT PRIMARY KEY REFERENCES bench_runs (id) ON DELETE CASCADE,
      imported_at   TEXT NOT NULL,
      connection    TEXT,
      host_metrics  TEXT NOT NULL
    );
  `,
};

/** Migration 18: an imported run's snapshot of its server, as its bundle carried it (no address). */
export const importTargetMigration: Migration = {
  version: 18,
  name: 'imported run target',
  sql: `ALTER TABLE run_imports ADD COLUMN target TEXT;`,
};
