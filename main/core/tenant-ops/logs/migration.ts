// Runs in the main process, server and CLI. The tenant query log (migration 11): one row per
// statement Benchphant ran on a tenant's database; text only, never bound values.
import type { Migration } from '../../store/migrations';

export const queryLogMigration: Migration = {
  version: 11,
  name: 'tenant query log',
  sql: `
    CREATE TABLE tn_query_log (
      id           INTEGER PRIMARY KEY,
      tenant_id    TEXT NOT NULL,
      database     TEXT NOT NULL,
      at           INTEGER NOT NULL,
      duration_ms  REAL NOT NULL,
      rows         INTEGER,
      error        TEXT,
      query        TEXT NOT NULL
    );
    CREATE INDEX tn_query_log_tenant ON tn_query_log (tenant_id, at);
  `,
};
