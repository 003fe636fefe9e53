// Runs in the main process, server and CLI. The store's record of data imports (migration 12):
// one row per import (the source without its password) and one per tenant and table, so an
// interrupted import resumes after the tables it has already verified.
import type { Migration } from '../../store/migrations';

export const importsMigration: Migration = {
  version: 12,
  name: 'tenant data imports',
  sql: `
    CREATE TABLE tn_imports (
      id             TEXT PRIMARY KEY,
      workspace      TEXT NOT NULL,
      source         TEXT NOT NULL,
      routing_field  TEXT NOT NULL,
      options        TEXT NOT NULL,
      status         TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'interrupted')),
      message        TEXT,
      started_at     TEXT NOT NULL,
      finished_at    TEXT
    );
    CREATE TABLE tn_import_tenants (
      import_id  TEXT NOT NULL REFERENCES tn_imports (id) ON DELETE CASCADE,
      tenant_id  TEXT NOT NULL,
      ordinal    INTEGER NOT NULL,
      status     TEXT NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'failed', 'interrupted')),
      error      TEXT,
      PRIMARY KEY (import_id, tenant_id)
    );
    CREATE TABLE tn_import_tables (
      import_id    TEXT NOT NULL REFERENCES tn_imports (id) ON DELETE CASCADE,
      tenant_id    TEXT NOT NULL,
      table_name   TEXT NOT NULL,
      ordinal      INTEGER NOT NULL,
      source_rows  INTEGER,
      target_rows  INTEGER,
      status       TEXT NOT NULL CHECK (status IN ('pending', 'verified', 'failed')),
      PRIMARY KEY (import_id, tenant_id, table_name)
    );
  `,
};
