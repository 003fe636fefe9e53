// Runs in the main process, server and CLI. The gates of deployments in the local store, one row
// per gated job with its canaries' results as JSON.
import { z } from 'zod';
import {
  type DeploymentGate as GateSpec,
  gateResultSchema,
  type GateResult,
  type JobGate,
} from '../../../../shared/contract/tenants';
import type { Db } from '../../store/database';

interface Row {
  job_id: string;
  profile: string;
  metric: 'p95';
  max_regression_pct: number;
  results: string;
}

const resultsSchema = z.array(gateResultSchema);

export class GateStore {
  constructor(private readonly db: Db) {}

  insert(jobId: string, spec: GateSpec): void {
    this.db
      .prepare(
        'INSERT INTO tn_deployment_gates (job_id, profile, metric, max_regression_pct) VALUES (?, ?, ?, ?)',
      )
      .run(jobId, spec.profile, spec.metric, spec.max_regression_pct);
  }

  get(jobId: string): JobGate | null {
    const row = this.db.prepare('SELECT * FROM tn_deployment_gates WHERE job_id = ?').get(jobId) as
      Row | undefined;
    if (!row) return null;
    return {
      profile: row.profile,
      metric: row.metric,
      max_regression_pct: row.max_regression_pct,
      results: resultsSchema.parse(JSON.parse(row.results)),
    };
  }

  /** A canary measured again (on a retry) replaces its earlier result. */
  saveResult(jobId: string, result: GateResult): void {
    const gate = this.get(jobId);
    if (!gate) return;
    const results = [...gate.results.filter((r) => r.tenant_id !== result.tenant_id), result];
    this.db
      .prepare('UPDATE tn_deployment_gates SET results = ? WHERE job_id = ?')
      .run(JSON.stringify(results), jobId);
  }
}
