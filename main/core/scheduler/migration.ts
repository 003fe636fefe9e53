// Runs in the main process, server and CLI. The store's schema for scheduled tasks (migration 35):
// tasks, their executions, and the statement-statistics snapshots `log_analysis` diffs against.
import type { Migration } from '../store/migrations';

export const schedulerMigration: Migration = {
  version: 35,
  name: 'scheduled tasks',
  sql: `
    CREATE TABLE scheduler_tasks (
      id               TEXT PRIMARY KEY,
      name             TEXT NOT NULL,
      task_type        TEXT NOT NULL,
      connection_id    TEXT NOT NULL,
      cron_schedule    TEXT NOT NULL,
      timezone         TEXT NOT NULL,
      is_active        INTEGER NOT NULL DEFAULT 1,
      inactive_reason  TEXT,
      params           TEXT NOT NULL DEFAULT '{}',
      has_webhook      INTEGER NOT NULL DEFAULT 0,
      catch_up_hours   REAL NOT NULL DEFAULT 12,
      created_at       TEXT NOT NULL,
      updated_at       TEXT NOT NULL,
      -- The last scheduled time that was run or skipped: missed runs are counted from here.
      last_slot        TEXT
    );
    CREATE TABLE scheduler_executions (
      id             TEXT PRIMARY KEY,
      task_id        TEXT NOT NULL REFERENCES scheduler_tasks (id) ON DELETE CASCADE,
      status         TEXT NOT NULL,
      trigger        TEXT NOT NULL,
      scheduled_for  TEXT,
      started_at     TEXT NOT NULL,
      finished_at    TEXT,
      summary        TEXT NOT NULL DEFAULT '',
      output         TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX scheduler_executions_task ON scheduler_executions (task_id, started_at);
    CREATE TABLE statement_snapshots (
      id             INTEGER PRIMARY KEY AUTOINCREMENT,
      task_id        TEXT NOT NULL REFERENCES scheduler_tasks (id) ON DELETE CASCADE,
      taken_at       TEXT NOT NULL,
      data           TEXT NOT NULL
    );
    CREATE INDEX statement_snapshots_task ON statement_snapshots (task_id, id);
  `,
};
