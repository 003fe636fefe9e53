// Runs in the main process, server and CLI. The store's catalog of tenant backups (migration 10).
// No foreign key to the tenant: a hard-deleted tenant's backups are kept until the user removes them.
import type { Migration } from '../../store/migrations';

export const backupsMigration: Migration = {
  version: 10,
  name: 'tenant backups',
  sql: `
    CREATE TABLE tn_backups (
      id             TEXT PRIMARY KEY,
      tenant_id      TEXT NOT NULL,
      blueprint      TEXT NOT NULL,
      connection_id  TEXT NOT NULL,
      database       TEXT NOT NULL,
      engine         TEXT NOT NULL,
      tool           TEXT NOT NULL,
      storage_path   TEXT NOT NULL UNIQUE,
      size_bytes     INTEGER NOT NULL,
      sha256         TEXT NOT NULL,
      rows           TEXT NOT NULL,
      server_version TEXT NOT NULL,
      created_at     TEXT NOT NULL
    );
    CREATE INDEX tn_backups_tenant ON tn_backups (tenant_id, created_at);
  `,
};
