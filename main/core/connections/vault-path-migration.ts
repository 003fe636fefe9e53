// Runs in the main process, server and CLI. Migration 30: connections-api.md's vault_path, the
// name a connection's credentials are kept under in the secret store; unique, null = the default.
import type { Migration } from '../store/migrations';

export const vaultPathMigration: Migration = {
  version: 30,
  name: 'connection vault_path',
  sql: `
    ALTER TABLE connections ADD COLUMN vault_path TEXT;
    CREATE UNIQUE INDEX connections_vault_path ON connections (vault_path) WHERE vault_path IS NOT NULL;
  `,
};
