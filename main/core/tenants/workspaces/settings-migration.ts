// Runs in the main process, server and CLI. Migration 39: each workspace's settings (the defaults
// its tenants and deployments start from). A NULL column means "the built-in default".
import type { Migration } from '../../store/migrations';

export const workspaceSettingsMigration: Migration = {
  version: 39,
  name: 'workspace settings',
  sql: `
    CREATE TABLE tn_workspace_settings (
      workspace                TEXT PRIMARY KEY REFERENCES tn_workspaces (name) ON DELETE CASCADE,
      default_isolation_level  INTEGER CHECK (default_isolation_level IN (1, 2)),
      default_parallelism      INTEGER CHECK (default_parallelism BETWEEN 1 AND 64),
      slow_query_ms            INTEGER CHECK (slow_query_ms >= 1),
      deploy_gate              TEXT
    );
  `,
};
