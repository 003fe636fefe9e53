// Runs in the main process, server and CLI. The store's schema for accounts, projects and API keys
// (migration 28). It holds password hashes (Argon2id) and key digests (SHA-256), never a secret.
import type { Migration } from '../store/migrations';

/** The project existing workspaces, blueprints and tenants belong to until moved. */
export const DEFAULT_PROJECT_ID = 'tdb_default';

export const accountsMigration: Migration = {
  version: 28,
  name: 'accounts, projects and API keys',
  sql: `
    CREATE TABLE accounts (
      id             INTEGER PRIMARY KEY AUTOINCREMENT,
      username       TEXT NOT NULL,
      password_hash  TEXT NOT NULL,
      admin          INTEGER NOT NULL DEFAULT 0,
      -- Bumped by a password change: every token issued before it stops working.
      token_version  INTEGER NOT NULL DEFAULT 0,
      -- The one token a password change keeps (the one that made the change).
      kept_jti       TEXT,
      created_at     TEXT NOT NULL,
      last_login     TEXT
    );
    CREATE UNIQUE INDEX accounts_username ON accounts (username COLLATE NOCASE);

    CREATE TABLE projects (
      id          TEXT PRIMARY KEY,
      name        TEXT NOT NULL,
      account_id  INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
      created_at  TEXT NOT NULL
    );
    INSERT INTO projects (id, name, account_id, created_at)
      VALUES ('${DEFAULT_PROJECT_ID}', 'Default', NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

    CREATE TABLE api_keys (
      id            INTEGER PRIMARY KEY AUTOINCREMENT,
      account_id    INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
      project_id    TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
      name          TEXT NOT NULL,
      key_sha256    TEXT NOT NULL UNIQUE,
      prefix        TEXT NOT NULL,
      is_active     INTEGER NOT NULL DEFAULT 1,
      created_at    TEXT NOT NULL,
      last_used_at  TEXT
    );
    CREATE INDEX api_keys_project ON api_keys (project_id);

    -- Logged-out JWTs, kept until they would have expired anyway.
    CREATE TABLE revoked_tokens (
      jti         TEXT PRIMARY KEY,
      expires_at  INTEGER NOT NULL
    );
  `,
};
