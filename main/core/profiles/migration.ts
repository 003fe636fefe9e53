// Runs in the main process, server and CLI. The store's schema for saved benchmark profiles
// (migration 9): the settings as the contract's JSON, the name unique regardless of case.
import type { Migration } from '../store/migrations';

export const profilesMigration: Migration = {
  version: 9,
  name: 'benchmark profiles',
  sql: `
    CREATE TABLE bench_profiles (
      id           TEXT PRIMARY KEY,
      name         TEXT NOT NULL,
      description  TEXT NOT NULL DEFAULT '',
      config       TEXT NOT NULL,
      created_at   TEXT NOT NULL,
      updated_at   TEXT NOT NULL
    );
    CREATE UNIQUE INDEX bench_profiles_name ON bench_profiles (name COLLATE NOCASE);
  `,
};
