// Runs in the main process, server and CLI. Migration 53: when a saved connection was last tested
// and whether it answered, so the list can say so after a restart.
import type { Migration } from '../store/migrations';

export const lastTestedMigration: Migration = {
  version: 53,
  name: 'connection last tested',
  sql: `
    ALTER TABLE connections ADD COLUMN last_tested_at TEXT;
    ALTER TABLE connections ADD COLUMN last_test_ok INTEGER;
  `,
};
