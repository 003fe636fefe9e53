// Runs in the main process, server and CLI. Deployment jobs and each tenant's outcome; every
// state change is one statement, so a job read after a crash is never half-recorded.
import type { JobStatus, JobTenant, JobTenantStatus } from '../../../../shared/contract/tenants';
import type { Db } from '../../store/database';

export interface JobRow {
  id: string;
  blueprint: string;
  version: string;
  status: JobStatus;
  parallelism: number;
  error_policy: 'continue' | 'halt';
  max_failures: number;
  message: string | null;
  started_at: string;
  completed_at: string | null;
}

export interface JobTenantRow extends Omit<JobTenant, 'canary' | 'to_version'> {
  deployment_id: string;
  position: number;
  canary: number;
}

export interface JobCounts {
  total: number;
  completed: number;
  failed: number;
  drifted: number;
}

const RETRY = ' Retry the deployment to finish the remaining tenants.';

export class DeploymentRepository {
  constructor(private readonly db: Db) {}

  insert(
    job: JobRow,
    tenants: { tenant_id: string; canary: boolean; from_version: string | null }[],
  ): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO tn_deployments (id, blueprint, version, status, parallelism, error_policy, max_failures, message, started_at, completed_at)
           VALUES (@id, @blueprint, @version, @status, @parallelism, @error_policy, @max_failures, @message, @started_at, @completed_at)`,
        )
        .run(job);
      const add = this.db.prepare(
        `INSERT INTO tn_deployment_tenants (deployment_id, tenant_id, position, canary, status, from_version)
         VALUES (?, ?, ?, ?, 'pending', ?)`,
      );
      tenants.forEach((t, i) => add.run(job.id, t.tenant_id, i, t.canary ? 1 : 0, t.from_version));
    })();
  }

  list(): JobRow[] {
    return this.db
      .prepare('SELECT * FROM tn_deployments ORDER BY started_at DESC, id DESC')
      .all() as JobRow[];
  }

  get(id: string): JobRow | undefined {
    return this.db.prepare('SELECT * FROM tn_deployments WHERE id = ?').get(id) as
      JobRow | undefined;
  }

  tenants(id: string): JobTenantRow[] {
    return this.db
      .prepare('SELECT * FROM tn_deployment_tenants WHERE deployment_id = ? ORDER BY position')
      .all(id) as JobTenantRow[];
  }

  ofTenant(tenantId: string): (JobTenantRow & { blueprint: string; version: string })[] {
    return this.db
      .prepare(
        `SELECT t.*, d.blueprint, d.version FROM tn_deployment_tenants t JOIN tn_deployments d ON d.id = t.deployment_id
         WHERE t.tenant_id = ? ORDER BY d.started_at DESC`,
      )
      .all(tenantId) as (JobTenantRow & { blueprint: string; version: string })[];
  }

  counts(id: string): JobCounts {
    const rows = this.db
      .prepare(
        'SELECT status, COUNT(*) AS n FROM tn_deployment_tenants WHERE deployment_id = ? GROUP BY status',
      )
      .all(id) as { status: JobTenantStatus; n: number }[];
    const by = (s: JobTenantStatus) => rows.find((r) => r.status === s)?.n ?? 0;
    return {
      total: rows.reduce((a, r) => a + r.n, 0),
      completed: by('completed'),
      failed: by('failed'),
      drifted: by('drifted'),
    };
  }

  setJob(id: string, status: JobStatus, message: string | null, completedAt: string | null): void {
    this.db
      .prepare('UPDATE tn_deployments SET status = ?, message = ?, completed_at = ? WHERE id = ?')
      .run(status, message, completedAt, id);
  }

  setTenant(
    id: string,
    tenantId: string,
    patch: Partial<
      Pick<
        JobTenantRow,
        'status' | 'error' | 'started_at' | 'finished_at' | 'statements_done' | 'from_version'
      >
    >,
  ): void {
    const keys = Object.keys(patch);
    if (keys.length === 0) return;
    const sets = keys.map((k) => `${k} = @${k}`).join(', ');
    this.db
      .prepare(
        `UPDATE tn_deployment_tenants SET ${sets} WHERE deployment_id = @id AND tenant_id = @tenantId`,
      )
      .run({ ...patch, id, tenantId });
  }

  /**
   * Recovery's word on one tenant of a job: its outcome, and (when the job is not running again
   * meanwhile) the job's status from its tenants and a `recovered: …` message.
   */
  recordRecovery(
    id: string,
    tenantId: string,
    outcome: { status: JobTenantStatus; error: string | null },
    what: string,
  ): void {
    this.db.transaction(() => {
      this.setTenant(id, tenantId, { ...outcome, finished_at: new Date().toISOString() });
      const job = this.get(id);
      if (!job || job.status === 'running' || job.status === 'queued') return;
      const statuses = this.tenants(id).map((t) => t.status);
      const open = statuses.some((s) => ['pending', 'running', 'interrupted'].includes(s));
      const bad = statuses.some((s) => ['failed', 'drifted', 'skipped'].includes(s));
      const status: JobStatus = open ? 'interrupted' : bad ? 'failed' : 'completed';
      const earlier = job.message?.startsWith('recovered: ')
        ? `${job.message.replace(RETRY, '')} `
        : 'recovered: ';
      this.setJob(
        id,
        status,
        `${earlier}${what}${open ? RETRY : ''}`,
        open ? job.completed_at : (job.completed_at ?? new Date().toISOString()),
      );
    })();
  }

  /** At start-up: jobs a previous process left running are marked interrupted, tenants too. */
  markInterrupted(message: string): string[] {
    const ids = (
      this.db
        .prepare(`SELECT id FROM tn_deployments WHERE status IN ('queued', 'running')`)
        .all() as { id: string }[]
    ).map((r) => r.id);
    this.db.transaction(() => {
      for (const id of ids) {
        this.db
          .prepare(
            `UPDATE tn_deployment_tenants SET status = 'interrupted' WHERE deployment_id = ? AND status IN ('pending', 'running')`,
          )
          .run(id);
        this.db
          .prepare(`UPDATE tn_deployments SET status = 'interrupted', message = ? WHERE id = ?`)
          .run(message, id);
      }
    })();
    return ids;
  }
}
