// Runs in the main process, server and CLI. Performance gates of deployments (migration 13): the
// objective a job was started with and each canary's measurements, so a gated job still reads
// (and retries) gated after Benchphant restarts.
import type { Migration } from '../../store/migrations';

export const deploymentGatesMigration: Migration = {
  version: 13,
  name: 'deployment performance gates',
  sql: `
    CREATE TABLE tn_deployment_gates (
      job_id              TEXT PRIMARY KEY,
      profile             TEXT NOT NULL,
      metric              TEXT NOT NULL CHECK (metric IN ('p95')),
      max_regression_pct  REAL NOT NULL,
      results             TEXT NOT NULL DEFAULT '[]'
    );
  `,
};
