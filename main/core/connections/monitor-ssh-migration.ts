// Runs in the main process, server and CLI. Migration 46: SSH settings a connection uses only to
// read its server host's metrics (its secrets live in the secret store, like the tunnel's).
import type { Migration } from '../store/migrations';

export const monitorSshMigration: Migration = {
  version: 46,
  name: 'connection monitoring ssh',
  sql: `ALTER TABLE connections ADD COLUMN monitor_ssh TEXT;`,
};
