// Runs in the main process, server and CLI. Deployment jobs: a blueprint version rolled out to
// all its tenants or a list, with bounded parallelism, an optional canary group that goes first,
// an error policy (continue, or halt after N failures) and retries. Every tenant's outcome is
// written the moment it is known; a job a stopped process left behind reads `interrupted`.
import { randomBytes } from 'node:crypto';
import type {
  DeploymentGate as GateSpec,
  JobDetail,
  JobStatus,
  JobSummary,
} from '../../../../shared/contract/tenants';
import { ACTIVE_JOB_STATUSES } from '../../../../shared/contract/tenants';
import { AppError } from '../../../../shared/errors';
import type { EventBus } from '../../events';
import type { Intent, Journal } from '../../journal/journal';
import type { Logger } from '../../logging/logger';
import type { DeploymentGate } from '../../tenant-ops/gate/gate';
import type { BlueprintService } from '../blueprints/service';
import { mapLimit } from '../map-limit';
import { errorText } from '../rows';
import type { Servers } from '../servers';
import type { VersionRow } from '../store/blueprint-repo';
import type { DeploymentRepository, JobRow, JobTenantRow } from '../store/deployment-repo';
import type { TenantDbRow, TenantRepository } from '../store/tenant-repo';
import { type DeployPayload, deployRecoverer, statementJournal } from './recover';
import { migrateTenant, type StepOutcome } from './tenant-step';

export interface DeploymentDeps {
  repo: DeploymentRepository;
  tenants: TenantRepository;
  blueprints: BlueprintService;
  servers: Servers;
  events: EventBus;
  logger: Logger;
  /**
   * Marks what a previous process left active as interrupted (default true). Only the data
   * directory's owner may: beside a live owner, those rows are that owner's work in progress.
   */
  recover?: boolean | undefined;
  journal: Journal;
}

export interface DeploymentCreate {
  blueprint_name: string;
  version?: string;
  deploy_all: boolean;
  tenant_ids?: string[];
  canary: string[];
  parallelism: number;
  error_policy: 'continue' | 'halt';
  max_failures: number;
  gate?: GateSpec | undefined;
}

const DEPLOYABLE = ['ready', 'suspended'] as const;
const now = () => new Date().toISOString();

export class DeploymentService {
  private readonly running = new Map<string, Promise<void>>();
  private closing = false;
  private gate: DeploymentGate | null = null;

  constructor(private readonly deps: DeploymentDeps) {
    if (deps.recover !== false)
      deps.repo.markInterrupted(
        'Benchphant stopped while this deployment ran; retry it to finish the remaining tenants.',
      );
    deps.journal.register('deploy', deployRecoverer(deps));
  }

  /** Performance-gated rollouts (tenant operations) plug in here. */
  useGate(gate: DeploymentGate): void {
    this.gate = gate;
  }

  private job(id: string): JobRow {
    const job = this.deps.repo.get(id);
    if (!job) throw new AppError('NOT_FOUND', `No deployment '${id}'.`);
    return job;
  }

  summary(job: JobRow): JobSummary {
    const n = this.deps.repo.counts(job.id);
    const finished = n.completed + n.failed + n.drifted;
    const progress = n.total === 0 ? 100 : Math.round((finished / n.total) * 1000) / 10;
    return {
      job_id: job.id,
      blueprint_id: job.blueprint,
      version: job.version,
      status: job.status,
      progress,
      progress_display: `${progress}%`,
      total_tenants: n.total,
      completed_tenants: n.completed,
      failed_tenants: n.failed,
      drifted_tenants: n.drifted,
      parallelism: job.parallelism,
      error_policy: job.error_policy,
      max_failures: job.max_failures,
      message: job.message,
      started_at: job.started_at,
      completed_at: job.completed_at,
      gate: this.gate?.report(job.id) ?? null,
    };
  }

  private tenantView(t: JobTenantRow, to: string) {
    return {
      tenant_id: t.tenant_id,
      status: t.status,
      canary: t.canary === 1,
      from_version: t.from_version,
      to_version: to,
      statements_done: t.statements_done,
      error: t.error,
      started_at: t.started_at,
      finished_at: t.finished_at,
    };
  }

  list() {
    const jobs = this.deps.repo.list().map((j) => this.summary(j));
    return { success: true as const, count: jobs.length, jobs };
  }

  get(id: string): JobDetail {
    const job = this.job(id);
    return {
      ...this.summary(job),
      success: true,
      tenants: this.deps.repo.tenants(id).map((t) => this.tenantView(t, job.version)),
    };
  }

  ofTenant(tenantId: string) {
    const history = this.deps.repo.ofTenant(tenantId);
    // History outlives a hard delete; a name with neither tenant nor history is unknown.
    if (history.length === 0 && this.deps.tenants.get(tenantId) === undefined)
      throw new AppError('NOT_FOUND', `No tenant '${tenantId}'.`);
    return {
      success: true as const,
      tenant_id: tenantId,
      deployments: history.map((t) => ({
        ...this.tenantView(t, t.version),
        job_id: t.deployment_id,
        blueprint: t.blueprint,
      })),
    };
  }

  private progressed(id: string) {
    this.deps.events.emit('deployments.progressed', this.summary(this.job(id)));
  }

  private targets(input: DeploymentCreate): TenantDbRow[] {
    const all = this.deps.tenants.ofBlueprint(input.blueprint_name, DEPLOYABLE);
    if (input.deploy_all) return all;
    if (!input.tenant_ids?.length) {
      throw new AppError(
        'BAD_INPUT',
        'Say which tenants: deploy_all: true, or a list in tenant_ids.',
      );
    }
    return [...new Set(input.tenant_ids)].map((id) => {
      const d = all.find((x) => x.tenant_id === id);
      if (!d) {
        throw new AppError(
          'BAD_INPUT',
          `Tenant '${id}' has no ready or suspended database of blueprint '${input.blueprint_name}'.`,
        );
      }
      return d;
    });
  }

  create(input: DeploymentCreate): JobSummary {
    if (this.closing)
      throw new AppError(
        'CONFLICT',
        'Benchphant is shutting down; start the deployment again after it restarts.',
      );
    this.deps.blueprints.row(input.blueprint_name);
    const target = this.deps.blueprints.version(input.blueprint_name, input.version);
    const active = this.deps.repo
      .list()
      .find((j) => j.blueprint === input.blueprint_name && ACTIVE_JOB_STATUSES.includes(j.status));
    if (active) {
      throw new AppError(
        'CONFLICT',
        `Deployment ${active.id} of '${input.blueprint_name}' is still running; wait for it to finish.`,
      );
    }
    const targets = this.targets(input);
    if (targets.length === 0)
      throw new AppError(
        'BAD_INPUT',
        `Blueprint '${input.blueprint_name}' has no ready or suspended tenants to deploy to.`,
      );
    const canary = new Set(input.canary);
    for (const c of canary) {
      if (!targets.some((t) => t.tenant_id === c))
        throw new AppError(
          'BAD_INPUT',
          `Canary tenant '${c}' is not among the tenants of this deployment.`,
        );
    }
    if (input.gate) {
      if (!this.gate)
        throw new AppError('BAD_INPUT', 'Performance gates are not available in this process.');
      this.gate.check(input.gate, input.canary);
    }
    const ordered = [
      ...targets.filter((t) => canary.has(t.tenant_id)),
      ...targets.filter((t) => !canary.has(t.tenant_id)),
    ];
    const job: JobRow = {
      id: `dep_${randomBytes(6).toString('hex')}`,
      blueprint: input.blueprint_name,
      version: target.version,
      status: 'running',
      parallelism: input.parallelism,
      error_policy: input.error_policy,
      max_failures: input.max_failures,
      message: null,
      started_at: now(),
      completed_at: null,
    };
    this.deps.repo.insert(
      job,
      ordered.map((t) => ({
        tenant_id: t.tenant_id,
        canary: canary.has(t.tenant_id),
        from_version: t.version,
      })),
    );
    if (input.gate) this.gate?.register(job.id, input.gate);
    this.start(job.id);
    return this.summary(this.job(job.id));
  }

  /** Runs the failed, drifted, skipped and interrupted tenants of a finished job again. */
  retry(id: string): JobSummary {
    if (this.closing)
      throw new AppError('CONFLICT', 'Benchphant is shutting down; retry after it restarts.');
    const job = this.job(id);
    if (ACTIVE_JOB_STATUSES.includes(job.status) || this.running.has(id)) {
      throw new AppError('CONFLICT', `Deployment ${id} is still running.`);
    }
    const again = this.deps.repo
      .tenants(id)
      .filter((t) => ['failed', 'drifted', 'skipped', 'interrupted'].includes(t.status));
    if (again.length === 0)
      throw new AppError(
        'CONFLICT',
        `Deployment ${id} has no failed or interrupted tenants to retry.`,
      );
    for (const t of again)
      this.deps.repo.setTenant(id, t.tenant_id, {
        status: 'pending',
        error: null,
        finished_at: null,
      });
    this.deps.repo.setJob(id, 'running', null, null);
    this.start(id);
    return this.summary(this.job(id));
  }

  private start(id: string) {
    const run = this.run(id)
      .catch((err: unknown) => {
        this.deps.logger.error(`deployment ${id} failed`, err);
        this.deps.repo.setJob(
          id,
          'failed',
          `The deployment stopped on an unexpected error: ${errorText(err)}`,
          now(),
        );
      })
      .finally(() => {
        this.running.delete(id);
        this.progressed(id);
      });
    this.running.set(id, run);
  }

  private async run(id: string): Promise<void> {
    const job = this.job(id);
    const versions = this.deps.blueprints.versions(job.blueprint);
    const target = versions.find((v) => v.version === job.version);
    if (!target)
      throw new AppError('NOT_FOUND', `Blueprint '${job.blueprint}' lost version ${job.version}.`);
    const pending = this.deps.repo.tenants(id).filter((t) => t.status === 'pending');
    let failures = 0;
    let halted: string | null = null;
    const step = async (t: JobTenantRow) => {
      if (this.closing) return;
      if (halted) {
        this.deps.repo.setTenant(id, t.tenant_id, { status: 'skipped', error: halted });
        return;
      }
      const migrate = () => this.migrateOne(id, t, versions, target);
      const d = this.deps.tenants.databases(t.tenant_id).find((x) => x.blueprint === job.blueprint);
      const outcome =
        t.canary === 1 && d && this.gate?.isGated(id)
          ? await this.gate.around(id, d, migrate)
          : null;
      if (outcome?.halt) {
        halted = outcome.halt;
        if (!outcome.migrated)
          this.deps.repo.setTenant(id, t.tenant_id, { status: 'skipped', error: halted });
      }
      const ok = outcome ? outcome.migrated || outcome.halt !== null : await migrate();
      if (!ok) {
        failures += 1;
        if (job.error_policy === 'halt' && failures >= job.max_failures) {
          halted = `Halted after ${failures} failure${failures === 1 ? '' : 's'} (error policy: halt after ${job.max_failures}).`;
        }
      }
    };
    const canaries = pending.filter((t) => t.canary === 1);
    const rest = pending.filter((t) => t.canary !== 1);
    // Gated canaries go one at a time: each benchmark must see only its own tenant's change.
    await mapLimit(canaries, this.gate?.isGated(id) ? 1 : job.parallelism, step);
    if (failures > 0 && canaries.length > 0 && !halted) {
      halted = `The canary group failed (${failures} of ${canaries.length}); the other tenants were not started.`;
    }
    await mapLimit(rest, job.parallelism, step);
    if (this.closing) {
      this.deps.repo.markInterrupted(
        'Benchphant stopped while this deployment ran; retry it to finish the remaining tenants.',
      );
      return;
    }
    const n = this.deps.repo.counts(id);
    const status: JobStatus = halted ? 'halted' : n.failed + n.drifted > 0 ? 'failed' : 'completed';
    const message =
      halted ??
      (status === 'failed'
        ? `${n.failed} failed and ${n.drifted} drifted of ${n.total} tenants; the others completed. Fix them and retry.`
        : null);
    this.deps.repo.setJob(id, status, message, now());
    this.deps.events.emit('tenants.changed', { kind: 'blueprint', id: job.blueprint });
  }

  /** One tenant, isolated: whatever happens is recorded against it alone. */
  private async migrateOne(
    id: string,
    t: JobTenantRow,
    versions: VersionRow[],
    target: VersionRow,
  ): Promise<boolean> {
    const job = this.job(id);
    const d = this.deps.tenants.databases(t.tenant_id).find((x) => x.blueprint === job.blueprint);
    this.deps.repo.setTenant(id, t.tenant_id, { status: 'running', started_at: now() });
    this.progressed(id);
    if (!d) {
      this.deps.repo.setTenant(id, t.tenant_id, {
        status: 'failed',
        error: 'The tenant no longer has this database.',
        finished_at: now(),
      });
      return false;
    }
    let outcome: StepOutcome;
    let intent: Intent<DeployPayload> | null = null;
    try {
      // The intent comes first: a crash from here on is finished or recorded by recovery.
      intent = await this.deps.journal.begin<DeployPayload>('deploy', d.database, 'migrating', {
        job_id: id,
        tenant_id: t.tenant_id,
        blueprint: job.blueprint,
        to: job.version,
        in_flight: null,
      });
      outcome = await migrateTenant(
        this.deps.servers,
        d,
        versions,
        target,
        (done) => this.deps.repo.setTenant(id, t.tenant_id, { statements_done: done }),
        statementJournal(intent),
      );
    } catch (err) {
      outcome = {
        status: 'failed' as const,
        from: d.version,
        error: err instanceof AppError ? err.message : errorText(err),
        statementsDone: 0,
      };
    }
    // The outcome, the tenant's version and the end of the intent are one store transaction.
    const record = () => {
      if (outcome.status === 'completed') {
        this.deps.tenants.setVersion(t.tenant_id, job.blueprint, outcome.to);
        this.deps.repo.setTenant(id, t.tenant_id, {
          status: 'completed',
          from_version: outcome.from,
          error: null,
          finished_at: now(),
        });
      } else {
        this.deps.repo.setTenant(id, t.tenant_id, {
          status: outcome.status,
          from_version: outcome.from,
          error: outcome.error,
          finished_at: now(),
        });
      }
    };
    if (intent) intent.done(record);
    else record();
    this.progressed(id);
    return outcome.status === 'completed';
  }

  /** Lets tenants in flight finish (each is short), starts no new ones, marks the rest interrupted. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.running.values()]);
  }
}
