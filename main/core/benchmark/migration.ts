// Runs in the main process, server and CLI. The store's schema for benchmark runs (migration 4):
// one row per run, written as the run goes, and one row per report interval.
import type { Migration } from '../store/migrations';

export const benchmarkMigration: Migration = {
  version: 4,
  name: 'benchmark runs',
  sql: `
    CREATE TABLE bench_runs (
      id             TEXT PRIMARY KEY,
      connection_id  TEXT NOT NULL,
      type           TEXT NOT NULL,
      status         TEXT NOT NULL,
      phase          TEXT NOT NULL,
      progress       REAL NOT NULL DEFAULT 0,
      threads        INTEGER NOT NULL,
      duration       REAL NOT NULL,
      config         TEXT NOT NULL,
      server         TEXT,
      client         TEXT,
      metrics        TEXT,
      detail         TEXT,
      histogram      TEXT,
      message        TEXT,
      start_time     TEXT NOT NULL,
      end_time       TEXT
    );
    CREATE INDEX bench_runs_start ON bench_runs (start_time);
    CREATE TABLE bench_intervals (
      run_id  TEXT NOT NULL REFERENCES bench_runs (id) ON DELETE CASCADE,
      seq     INTEGER NOT NULL,
      data    TEXT NOT NULL,
      PRIMARY KEY (run_id, seq)
    );
  `,
};

/** Migration 14: a run's caveats and a snapshot of the server it measured, taken at its start. */
export const runSnapshotMigration: Migration = {
  version: 14,
  name: 'run warnings and target',
  sql: `
    ALTER TABLE bench_runs ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE bench_runs ADD COLUMN target TEXT;
  `,
};

/** Migration 17: when each interval was saved, so an interrupted run ends at its last one. */
export const intervalTimeMigration: Migration = {
  version: 17,
  name: 'interval save time',
  sql: `ALTER TABLE bench_intervals ADD COLUMN at TEXT;`,
};

/** Migration 26: which load engine (native or node) ran each run. */
export const benchmarkEngineMigration: Migration = {
  version: 26,
  name: 'benchmark run engine',
  sql: `ALTER TABLE bench_runs ADD COLUMN engine TEXT;`,
};
