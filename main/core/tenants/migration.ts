// Runs in the main process, server and CLI. The store's schema for tenants (migration 7):
// workspaces and their recorded changes, blueprint versions, tenants and deployment jobs.
// Passwords never come here: tenant roles keep theirs in the secret store.
import type { Migration } from '../store/migrations';

export const tenantsMigration: Migration = {
  version: 7,
  name: 'tenants',
  sql: `
    CREATE TABLE tn_workspaces (
      name           TEXT PRIMARY KEY,
      connection_id  TEXT NOT NULL,
      db_type        TEXT NOT NULL CHECK (db_type IN ('postgresql', 'mysql')),
      database       TEXT NOT NULL,
      known_schema   TEXT NOT NULL,
      created_at     TEXT NOT NULL
    );
    CREATE TABLE tn_changes (
      id               TEXT PRIMARY KEY,
      workspace        TEXT NOT NULL REFERENCES tn_workspaces (name) ON DELETE CASCADE,
      seq              INTEGER NOT NULL,
      statement        TEXT NOT NULL,
      kind             TEXT NOT NULL,
      inverse          TEXT,
      revert_note      TEXT,
      status           TEXT NOT NULL CHECK (status IN ('pending', 'skipped', 'reverted', 'deployed')),
      version          TEXT,
      created_at       TEXT NOT NULL,
      UNIQUE (workspace, seq)
    );
    CREATE TABLE tn_blueprints (
      name           TEXT PRIMARY KEY,
      workspace      TEXT NOT NULL,
      connection_id  TEXT NOT NULL,
      db_type        TEXT NOT NULL CHECK (db_type IN ('postgresql', 'mysql')),
      created_at     TEXT NOT NULL
    );
    CREATE TABLE tn_blueprint_versions (
      blueprint   TEXT NOT NULL REFERENCES tn_blueprints (name) ON DELETE CASCADE,
      ordinal     INTEGER NOT NULL,
      version     TEXT NOT NULL,
      statements  TEXT NOT NULL,
      schema      TEXT NOT NULL,
      created_at  TEXT NOT NULL,
      PRIMARY KEY (blueprint, ordinal),
      UNIQUE (blueprint, version)
    );
    CREATE TABLE tn_tenants (
      id          TEXT PRIMARY KEY,
      status      TEXT NOT NULL CHECK (status IN ('provisioning', 'ready', 'suspended', 'deleted', 'failed')),
      message     TEXT,
      created_at  TEXT NOT NULL,
      deleted_at  TEXT
    );
    CREATE TABLE tn_tenant_databases (
      tenant_id        TEXT NOT NULL REFERENCES tn_tenants (id) ON DELETE CASCADE,
      blueprint        TEXT NOT NULL REFERENCES tn_blueprints (name),
      isolation_level  INTEGER NOT NULL CHECK (isolation_level IN (1, 2)),
      connection_id    TEXT NOT NULL,
      database         TEXT NOT NULL,
      role             TEXT NOT NULL,
      version          TEXT,
      PRIMARY KEY (tenant_id, blueprint)
    );
    CREATE TABLE tn_deployments (
      id             TEXT PRIMARY KEY,
      blueprint      TEXT NOT NULL REFERENCES tn_blueprints (name),
      version        TEXT NOT NULL,
      status         TEXT NOT NULL,
      parallelism    INTEGER NOT NULL,
      error_policy   TEXT NOT NULL,
      max_failures   INTEGER NOT NULL,
      message        TEXT,
      started_at     TEXT NOT NULL,
      completed_at   TEXT
    );
    CREATE INDEX tn_deployments_started ON tn_deployments (started_at);
    CREATE TABLE tn_deployment_tenants (
      deployment_id    TEXT NOT NULL REFERENCES tn_deployments (id) ON DELETE CASCADE,
      tenant_id        TEXT NOT NULL,
      position         INTEGER NOT NULL,
      canary           INTEGER NOT NULL DEFAULT 0,
      status           TEXT NOT NULL,
      from_version     TEXT,
      statements_done  INTEGER NOT NULL DEFAULT 0,
      error            TEXT,
      started_at       TEXT,
      finished_at      TEXT,
      PRIMARY KEY (deployment_id, tenant_id)
    );
    CREATE INDEX tn_deployment_tenants_tenant ON tn_deployment_tenants (tenant_id);
  `,
};
