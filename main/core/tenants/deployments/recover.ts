// Runs in the main process, server and CLI: the journal side of a deployment to one tenant. The
// intent names the job, tenant and target version, and (MySQL) the statement in flight with the
// schema as it stood before it; recovery reads what the tenant database says it has, records a
// version that committed before the crash, and finishes a MySQL version a crash cut short
// (skipping the statement the server finished on its own), so tenant, job and store agree.
import type { Intent, Recoverer } from '../../journal/journal';
import type { BlueprintService } from '../blueprints/service';
import type { Servers } from '../servers';
import type { DeploymentRepository } from '../store/deployment-repo';
import type { TenantRepository } from '../store/tenant-repo';
import { type InFlight, type StatementJournal, tenantState } from '../tenants/migrator';
import { migrateTenant } from './tenant-step';

export interface DeployPayload extends Record<string, unknown> {
  job_id: string;
  tenant_id: string;
  blueprint: string;
  /** The version the job moves the tenant to. */
  to: string;
  in_flight: InFlight | null;
}

/** The migrator's journal on top of a deployment's intent. */
export function statementJournal(
  intent: Intent<DeployPayload>,
  skipped?: StatementJournal['skipped'],
): StatementJournal {
  return {
    inFlight: intent.payload.in_flight,
    before: (s) => intent.step(`${s.version} statement ${s.index + 1}`, { in_flight: s }),
    point: (label) => intent.point(label),
    ...(skipped ? { skipped } : {}),
  };
}

export interface DeployRecoveryDeps {
  repo: DeploymentRepository;
  tenants: TenantRepository;
  blueprints: BlueprintService;
  servers: Servers;
}

export function deployRecoverer(deps: DeployRecoveryDeps): Recoverer {
  return async (intent) => {
    const p = intent.payload as DeployPayload;
    const who = `tenant ${p.tenant_id}`;
    const d = deps.tenants.databases(p.tenant_id).find((x) => x.blueprint === p.blueprint);
    const versions = deps.blueprints.versions(p.blueprint);
    const target = versions.find((v) => v.version === p.to);
    if (!d || !target) {
      const what = `${who} no longer has the database or the version ${p.to} is gone; nothing to finish.`;
      deps.repo.recordRecovery(p.job_id, p.tenant_id, { status: 'failed', error: what }, what);
      return what;
    }
    const ks = deps.servers.keyspaces(d.connection_id);
    if (ks) {
      // A key space records each statement as it runs: running the step again resumes it.
      const outcome = await migrateTenant(deps.servers, d, versions, target, () => {});
      if (outcome.status === 'completed')
        deps.tenants.setVersion(p.tenant_id, p.blueprint, outcome.to);
      const result =
        outcome.status === 'completed'
          ? { status: 'completed' as const, error: null }
          : { status: outcome.status, error: `recovered: ${outcome.error}` };
      const said =
        outcome.status === 'completed'
          ? `finished the deployment of ${p.to} on ${who}; it is at ${outcome.to}.`
          : `could not finish the deployment of ${p.to} on ${who}: ${outcome.error}`;
      deps.repo.recordRecovery(p.job_id, p.tenant_id, result, said);
      return said;
    }
    const state = await deps.servers.with(d.connection_id, d.database, (c) =>
      tenantState(c, versions),
    );
    let what: string;
    if (state.partial) {
      const skipped: string[] = [];
      const journal: StatementJournal = {
        inFlight: p.in_flight,
        before: () => undefined,
        point: () => undefined,
        skipped: (v, i, why) => skipped.push(`statement ${i + 1} of ${v} (${why})`),
      };
      const outcome = await migrateTenant(deps.servers, d, versions, target, () => {}, journal);
      const skips = skipped.length ? `; skipped ${skipped.join(', ')}` : '';
      if (outcome.status === 'completed') {
        deps.tenants.setVersion(p.tenant_id, p.blueprint, outcome.to);
        what = `finished version ${state.partial.version} on ${who}, which a crash had cut short after ${state.partial.statements_done} statements${skips}; it is at ${outcome.to}.`;
        deps.repo.recordRecovery(p.job_id, p.tenant_id, { status: 'completed', error: null }, what);
      } else {
        what = `could not finish version ${state.partial.version} on ${who}: ${outcome.error}${skips}`;
        deps.repo.recordRecovery(
          p.job_id,
          p.tenant_id,
          { status: outcome.status, error: `recovered: ${what}` },
          what,
        );
      }
      return what;
    }
    const at = state.current;
    deps.tenants.setVersion(p.tenant_id, p.blueprint, at?.version ?? null);
    if (at && at.ordinal >= target.ordinal) {
      what = `version ${at.version} had committed on ${who} before the crash; recorded it.`;
      deps.repo.recordRecovery(p.job_id, p.tenant_id, { status: 'completed', error: null }, what);
    } else {
      what = `nothing of version ${p.to} was applied to ${who} (the server rolled its transaction back); it stays at ${at?.version ?? '(none)'}: retry the deployment.`;
      deps.repo.recordRecovery(
        p.job_id,
        p.tenant_id,
        { status: 'interrupted', error: `recovered: ${what}` },
        what,
      );
    }
    return what;
  };
}
