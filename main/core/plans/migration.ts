// Runs in the main process, server and CLI. The store's schema for run plans (migration 6): one row
// per plan and one per run it started; bench_runs itself is left as it is.
import type { Migration } from '../store/migrations';

export const plansMigration: Migration = {
  version: 6,
  name: 'run plans',
  sql: `
    CREATE TABLE bench_plans (
      id          TEXT PRIMARY KEY,
      kind        TEXT NOT NULL CHECK (kind IN ('repeat', 'sweep', 'capacity')),
      status      TEXT NOT NULL,
      config      TEXT NOT NULL,
      runs_total  INTEGER NOT NULL,
      message     TEXT,
      created_at  TEXT NOT NULL,
      end_time    TEXT
    );
    CREATE INDEX bench_plans_created ON bench_plans (created_at);
    CREATE TABLE bench_plan_runs (
      plan_id  TEXT NOT NULL REFERENCES bench_plans (id) ON DELETE CASCADE,
      seq      INTEGER NOT NULL,
      run_id   TEXT NOT NULL REFERENCES bench_runs (id) ON DELETE CASCADE,
      point    INTEGER NOT NULL,
      value    REAL,
      PRIMARY KEY (plan_id, seq)
    );
    CREATE INDEX bench_plan_runs_run ON bench_plan_runs (run_id);
  `,
};
