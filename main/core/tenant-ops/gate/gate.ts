// Runs in the main process, server and CLI. The performance gate of a deployment: each canary
// tenant's database is benchmarked with a saved profile before and after its migration, one run
// at a time, and the rollout halts when p95 gets worse by more than the allowed margin. The gate
// and its results are kept in the local store with the job.
import type {
  DeploymentGate as GateSpec,
  GateResult,
  JobGate,
} from '../../../../shared/contract/tenants';
import { AppError } from '../../../../shared/errors';
import type { Connection } from '../../../../shared/model/connection';
import { BenchmarkEngine } from '../../benchmark/engine';
import { engineOf } from '../../engines/registry';
import type { WorkerScriptResolver } from '../../benchmark/worker-script';
import { dataFamily } from '../../benchmark/workloads';
import type { EventBus } from '../../events';
import type { Logger } from '../../logging/logger';
import type { ProfileStore } from '../../profiles/store';
import type { Db } from '../../store/database';
import type { Servers } from '../../tenants/servers';
import type { TenantDbRow } from '../../tenants/store/tenant-repo';
import { regressionPct } from './regression';
import { GateStore } from './store';

export interface GateDeps {
  db: Db;
  events: EventBus;
  logger: Logger;
  connection(id: string): Connection;
  servers: Servers;
  profiles: ProfileStore;
  workerScript?: WorkerScriptResolver | undefined;
}

/** What the deployment does next with a gated canary. */
export interface GateOutcome {
  migrated: boolean;
  /** Set when the rollout must stop: why, written for the user. */
  halt: string | null;
}

const round = (v: number) => Math.round(v * 1000) / 1000;

export class DeploymentGate {
  private readonly engine: BenchmarkEngine;
  private readonly store: GateStore;
  /** The tenant database the engine's next run goes to (runs are one at a time). */
  private targetDatabase: string | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: GateDeps) {
    this.store = new GateStore(deps.db);
    // The engine reaches a tenant's database through the blueprint server's saved connection,
    // with the database swapped for the tenant's: runs are stored and listed like any other.
    this.engine = new BenchmarkEngine({
      db: deps.db,
      events: deps.events,
      logger: deps.logger,
      connection: (id) => deps.connection(id),
      resolveParams: async (id) => {
        const params = await deps.servers.params(id);
        return this.targetDatabase ? { ...params, database: this.targetDatabase } : params;
      },
      workerScript: deps.workerScript,
      // The core's own engine recovers the runs table this one shares.
      recover: false,
    });
  }

  /** Refuses a gate that cannot work before any tenant is touched. */
  check(spec: GateSpec, canary: readonly string[]): void {
    if (canary.length === 0)
      throw new AppError(
        'BAD_INPUT',
        'A performance gate measures the canary tenants: name at least one in canary.',
      );
    const profile = this.deps.profiles.byName(spec.profile);
    if (dataFamily(profile.config) !== 'none')
      throw new AppError(
        'BAD_INPUT',
        `Profile '${profile.name}' prepares benchmark tables; a gate runs on the tenant's own tables and must not add any. Use a custom workload with the parameter init: none.`,
      );
  }

  register(jobId: string, spec: GateSpec): void {
    this.store.insert(jobId, spec);
  }

  report(jobId: string): JobGate | null {
    return this.store.get(jobId);
  }

  isGated(jobId: string): boolean {
    return this.store.get(jobId) !== null;
  }

  /** Benchmark, migrate, benchmark again; a regression beyond the margin halts the rollout. */
  async around(
    jobId: string,
    tenant: TenantDbRow,
    migrate: () => Promise<boolean>,
  ): Promise<GateOutcome> {
    const gate = this.store.get(jobId);
    if (!gate) return { migrated: await migrate(), halt: null };
    const who = `canary '${tenant.tenant_id}'`;
    const before = await this.measure(gate, tenant);
    if ('problem' in before)
      return {
        migrated: false,
        halt: `Performance gate: before migrating ${who}, ${before.problem}`,
      };
    const result: GateResult = {
      tenant_id: tenant.tenant_id,
      before_run_id: before.runId,
      after_run_id: null,
      before_p95: round(before.p95),
      after_p95: null,
      regression_pct: null,
      passed: false,
      message: null,
    };
    this.store.saveResult(jobId, result);
    const migrated = await migrate();
    if (!migrated) {
      this.store.saveResult(jobId, {
        ...result,
        message: 'The migration failed; nothing to compare.',
      });
      return { migrated, halt: null };
    }
    const after = await this.measure(gate, tenant);
    if ('problem' in after) {
      this.store.saveResult(jobId, { ...result, message: after.problem });
      return { migrated, halt: `Performance gate: after migrating ${who}, ${after.problem}` };
    }
    const pct = regressionPct(before.p95, after.p95);
    Object.assign(result, {
      after_run_id: after.runId,
      after_p95: round(after.p95),
      regression_pct: Number.isFinite(pct) ? Math.round(pct * 10) / 10 : null,
      passed: pct <= gate.max_regression_pct,
    });
    const change = `p95 of profile '${gate.profile}' on ${who} went from ${result.before_p95} ms to ${result.after_p95} ms (${pct >= 0 ? '+' : ''}${result.regression_pct}%)`;
    result.message = result.passed
      ? `${change}, within the allowed ${gate.max_regression_pct}%.`
      : `${change}, more than the allowed ${gate.max_regression_pct}%.`;
    this.store.saveResult(jobId, result);
    return {
      migrated,
      halt: result.passed
        ? null
        : `Performance gate: ${result.message} The other tenants were not started; revert the change or raise max_regression_pct and retry.`,
    };
  }

  /**
   * The engine notes its table layout in a benchphant_layout table of the schema it ran in; left
   * in the tenant's schema it would read as drift and fail the next migration.
   */
  private dropMarker(tenant: TenantDbRow): Promise<void> {
    return this.deps.servers.with(tenant.connection_id, tenant.database, async (c) => {
      await c.query('DROP TABLE IF EXISTS benchphant_layout');
    });
  }

  /** One run of the gate's profile on the tenant's database, queued behind any other. */
  private measure(
    gate: JobGate,
    tenant: TenantDbRow,
  ): Promise<{ runId: string; p95: number } | { problem: string }> {
    const next = this.queue.then(async () => {
      try {
        const profile = this.deps.profiles.byName(gate.profile);
        this.targetDatabase = tenant.database;
        const started = await this.engine.start({
          ...profile.config,
          connection_id: tenant.connection_id,
          // The tenant's own schema, so the profile's statements name its tables as the app does.
          schema: engineOf(
            this.deps.connection(tenant.connection_id).type,
          ).tenants.schema.tenantSchema(tenant.database),
          allow_production: false,
        });
        const ended = await this.engine.waitFor(started.id).finally(() => this.dropMarker(tenant));
        const run = this.engine.get(started.id);
        if (ended.status !== 'completed' || run.metrics.errors > 0) {
          const why = ended.message ?? `${run.metrics.errors} transactions failed`;
          return { problem: `benchmark run ${started.id} did not complete cleanly: ${why}` };
        }
        return { runId: started.id, p95: run.metrics.latency.p95 };
      } catch (err) {
        return {
          problem: `the benchmark could not run: ${err instanceof Error ? err.message : String(err)}`,
        };
      } finally {
        this.targetDatabase = null;
      }
    });
    this.queue = next;
    return next;
  }
}
