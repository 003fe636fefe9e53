// Runs in the main process, server and CLI. Numbered schema migrations of the local store.
// Append only: a shipped migration is never edited, so every older file can be brought forward.
import { accountsMigration } from '../accounts/migration';
import { agentsMigration } from '../agents/topology';
import { lastTestedMigration } from '../connections/last-tested-migration';
import { importedAgentsMigration } from '../results/repository';
import { projectsMigration } from '../accounts/project-migration';
import {
  benchmarkEngineMigration,
  benchmarkMigration,
  intervalTimeMigration,
  runSnapshotMigration,
} from '../benchmark/migration';
import { runStatementsMigration } from '../benchmark/run-statements/migration';
import { monitorSshMigration } from '../connections/monitor-ssh-migration';
import { sshMigration } from '../connections/ssh-migration';
import { vaultPathMigration } from '../connections/vault-path-migration';
import { dbMetricsMigration } from '../db-metrics/migration';
import { hostMetricsMigration } from '../host-metrics/migration';
import { metricsLoadMigration } from '../metrics/migration-38';
import { journalMigration } from '../journal/migration';
import { metricsMigration } from '../metrics/migration';
import { plansMigration } from '../plans/migration';
import { profilesMigration } from '../profiles/migration';
import { importTargetMigration, resultsMigration } from '../results/migration';
import { runServerMetricsMigration } from '../results/server-metrics-migration';
import { schedulerMigration } from '../scheduler/migration';
import { backupsMigration } from '../tenant-ops/backups/migration';
import { importsMigration } from '../tenant-ops/import/migration';
import { deploymentGatesMigration } from '../tenant-ops/gate/migration';
import { queryLogMigration } from '../tenant-ops/logs/migration';
import { tenantsMigration } from '../tenants/migration';
import { awaitingServersMigration } from '../tenants/tenants/awaiting-migration';
import { workspaceSettingsMigration } from '../tenants/workspaces/settings-migration';
import { engineLookupMigration, redisEngineMigration } from '../engines/migration';
import type { Db } from './database';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Steps plain SQL cannot say (reading the current schema to rebuild a table), run after `sql`. */
  run?: (db: Db) => void;
  /**
   * The migration rebuilds tables that others reference: foreign keys are off for the whole
   * transaction (SQLite cannot switch them inside one, and a DROP would cascade) and every
   * reference is checked before it commits.
   */
  rebuildsTables?: boolean;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'connections',
    sql: `
      CREATE TABLE connections (
        id           TEXT PRIMARY KEY,
        name         TEXT NOT NULL,
        type         TEXT NOT NULL CHECK (type IN ('postgresql', 'mysql')),
        host         TEXT NOT NULL,
        port         INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
        database     TEXT NOT NULL,
        username     TEXT NOT NULL,
        environment  TEXT NOT NULL,
        description  TEXT NOT NULL DEFAULT '',
        tags         TEXT NOT NULL DEFAULT '[]',
        is_active    INTEGER NOT NULL DEFAULT 1,
        tls_mode     TEXT NOT NULL DEFAULT 'prefer',
        tls_ca_file  TEXT,
        secret_ref   TEXT,
        is_sandbox   INTEGER NOT NULL DEFAULT 0,
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL
      );
      CREATE INDEX connections_name ON connections (name);
    `,
  },
  {
    version: 2,
    name: 'settings',
    sql: `
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  metricsMigration,
  benchmarkMigration,
  resultsMigration,
  plansMigration,
  tenantsMigration,
  sshMigration,
  profilesMigration,
  backupsMigration,
  queryLogMigration,
  importsMigration,
  deploymentGatesMigration,
  runSnapshotMigration,
  intervalTimeMigration,
  importTargetMigration,
  journalMigration,
  benchmarkEngineMigration,
  accountsMigration,
  projectsMigration,
  vaultPathMigration,
  schedulerMigration,
  dbMetricsMigration,
  hostMetricsMigration,
  metricsLoadMigration,
  workspaceSettingsMigration,
  awaitingServersMigration,
  runStatementsMigration,
  runServerMetricsMigration,
  monitorSshMigration,
  engineLookupMigration,
  redisEngineMigration,
  agentsMigration,
  lastTestedMigration,
  importedAgentsMigration,
];
