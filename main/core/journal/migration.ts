// Runs in the main process, server and CLI. The journal of operations on tenant servers
// (migration 20): one row per operation in flight, kept as a record once recovery has handled it.
import type { Migration } from '../store/migrations';

export const journalMigration: Migration = {
  version: 20,
  name: 'operation journal',
  sql: `
    CREATE TABLE op_intents (
      id          TEXT PRIMARY KEY,
      kind        TEXT NOT NULL,
      target      TEXT NOT NULL,
      step        TEXT NOT NULL,
      state       TEXT NOT NULL CHECK (state IN ('running', 'recovered')),
      payload     TEXT NOT NULL,
      message     TEXT,
      owner_pid   INTEGER NOT NULL,
      created_at  TEXT NOT NULL,
      updated_at  TEXT NOT NULL
    );
    CREATE UNIQUE INDEX op_intents_open_target ON op_intents (target) WHERE state = 'running';
    CREATE INDEX op_intents_kind ON op_intents (kind, state);
  `,
};
