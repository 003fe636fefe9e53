// Runs in the renderer (pure). What each confirmation on the Tenants screens says, in numbers:
// the sessions a suspend ends, the databases whose logins it blocks, the tenants a rollout or an
// admin write touches, and what an admin query changed. No React, no API.
import type { AdminQueryResult, TenantImpact } from '../../../../shared/contract/tenants';
import { countOf } from '../../components/figure-format';

export interface ConfirmWords {
  title: string;
  /** One sentence with the numbers: "Suspend acme: ends 3 sessions, blocks logins to 2 databases." */
  summary: string;
  /** What comes after, and how to undo it where that is possible. */
  note: string;
}

/** "ends 3 sessions", "ends no session", or the count left unknown when a server did not answer. */
function sessionsPart(impact: TenantImpact | null): string {
  if (!impact) return 'counting open sessions…';
  if (impact.sessions === null) return 'ends every open session (the server did not say how many)';
  return impact.sessions === 0
    ? 'ends no session (none open)'
    : `ends ${countOf(impact.sessions, 'session')}`;
}

const databasesPart = (impact: TenantImpact | null): string =>
  impact ? `blocks logins to ${countOf(impact.databases.length, 'database')}` : '';

const joinParts = (...parts: string[]) => parts.filter(Boolean).join(', ');

export function suspendWords(tenantId: string, impact: TenantImpact | null): ConfirmWords {
  return {
    title: `Suspend ${tenantId}?`,
    summary: `Suspend ${tenantId}: ${joinParts(sessionsPart(impact), databasesPart(impact))}.`,
    note: 'Its data stays as it is; Resume lets it log in again.',
  };
}

export function softDeleteWords(tenantId: string, impact: TenantImpact | null): ConfirmWords {
  return {
    title: `Delete ${tenantId}?`,
    summary: `Delete ${tenantId}: ${joinParts(sessionsPart(impact), databasesPart(impact))}.`,
    note: 'Its databases are kept; Restore brings the tenant back. Delete for good drops them.',
  };
}

export function deployVersionWords(
  blueprint: string,
  version: string,
  pendingChanges: number,
  tenantsOfBlueprint: number,
): ConfirmWords {
  return {
    title: `Deploy as ${version}?`,
    summary: `Deploy ${countOf(pendingChanges, 'pending change')} as ${blueprint} ${version}: they become a blueprint version that cannot be taken back.`,
    note:
      tenantsOfBlueprint === 0
        ? 'No tenant uses this blueprint yet; new tenants start at this version.'
        : `The ${countOf(tenantsOfBlueprint, 'tenant')} of ${blueprint} stay at their version until a deployment rolls ${version} out.`,
  };
}

export interface RolloutPlan {
  blueprint: string;
  /** Empty: the blueprint's latest version. */
  version: string;
  tenants: number;
  parallelism: number;
  canary: readonly string[];
  policy: 'continue' | 'halt';
  maxFailures: number;
}

export function startDeploymentWords(plan: RolloutPlan): ConfirmWords {
  const at = Math.min(plan.parallelism, Math.max(plan.tenants, 1));
  const version = plan.version || 'its latest version';
  const canary =
    plan.canary.length > 0
      ? ` ${countOf(plan.canary.length, 'canary tenant')} (${plan.canary.join(', ')}) first, the rest once they succeed;`
      : '';
  const failure =
    plan.policy === 'halt'
      ? `it halts after ${countOf(plan.maxFailures, 'failure')}.`
      : 'a failure does not stop the others.';
  return {
    title: 'Start this deployment?',
    summary: `Migrate ${countOf(plan.tenants, 'tenant database')} of ${plan.blueprint} to ${version}, ${at} at a time:${canary} ${failure}`,
    note: 'Each tenant changes on its server as soon as its turn comes; a finished migration is not rolled back.',
  };
}

export function retryWords(blueprint: string, version: string, tenants: number): ConfirmWords {
  return {
    title: 'Retry the failed tenants?',
    summary: `Migrate ${countOf(tenants, 'tenant database')} of ${blueprint} to ${version} again, on their servers.`,
    note: 'Tenants that completed are left as they are.',
  };
}

export function adminWriteWords(tenants: number, where: string): ConfirmWords {
  return {
    title: `Run with writes on ${countOf(tenants, 'tenant')}?`,
    summary: `This statement may change data or schema in ${countOf(tenants, 'tenant database')} (${where}), each as the tenant's own role.`,
    note: 'What it changes is not undone from here.',
  };
}

/** A statement that returned no columns but counted changed rows (INSERT, UPDATE, DELETE). */
const wrote = (result: AdminQueryResult): boolean =>
  result.columns.length <= 1 && result.tenants.some((t) => t.ok && t.affected !== null);

/** "12 rows changed in 2 of 2 tenants" for writes, "3 rows from 2 of 2 tenants" for reads. */
export function adminOutcomeLine(result: AdminQueryResult): string {
  const ok = result.tenants.filter((t) => t.ok);
  const of = `${ok.length} of ${countOf(result.tenants.length, 'tenant')}`;
  // DDL and the like: no columns and no count of changed rows; it ran, and that is all there is.
  if (result.columns.length <= 1 && result.row_count === 0 && !wrote(result)) return `Ran in ${of}`;
  if (wrote(result)) {
    const changed = ok.reduce((n, t) => n + (t.affected ?? 0), 0);
    return `${countOf(changed, 'row')} changed in ${of}`;
  }
  return `${countOf(result.row_count, 'row')} from ${of}`;
}

/** Each tenant's changed rows after a write ("acme: 7 rows changed"); empty after a read. */
export function adminChangesPerTenant(
  result: AdminQueryResult,
): { tenant: string; text: string }[] {
  if (!wrote(result)) return [];
  return result.tenants
    .filter((t) => t.ok)
    .map((t) => ({
      tenant: t.tenant_id,
      text: t.affected === null ? 'done' : `${countOf(t.affected, 'row')} changed`,
    }));
}
