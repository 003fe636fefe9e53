// Runs in the main process, server and CLI. Migration 29: workspaces, blueprints, tenants and
// deployments belong to a project; everything made before projects existed joins the default one.
import type { Migration } from '../store/migrations';
import { DEFAULT_PROJECT_ID } from './migration';

const owned = ['tn_workspaces', 'tn_blueprints', 'tn_tenants', 'tn_deployments'];

export const projectsMigration: Migration = {
  version: 29,
  name: 'project of each workspace, blueprint, tenant and deployment',
  sql: owned
    .map(
      (table) => `
    ALTER TABLE ${table} ADD COLUMN project_id TEXT NOT NULL DEFAULT '${DEFAULT_PROJECT_ID}';
    CREATE INDEX ${table}_project ON ${table} (project_id);`,
    )
    .join('\n'),
};
