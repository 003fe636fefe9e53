// Runs in the renderer. Pure view logic of the Tenants screens: labels, badge tones, which actions
// a tenant's status allows, and how schema items and job progress read. No React, no API.
import type {
  JobStatus,
  JobSummary,
  JobTenantStatus,
  TableInfo,
  TenantStatus,
} from '../../../../shared/contract/tenants';
import type { TenantRow } from '../../stores/tenants-store';
import { dateTime } from '../../components/figure-format';

export type Tone = 'good' | 'bad' | 'warn' | 'busy' | 'neutral';

const TENANT_TONES: Record<TenantStatus, Tone> = {
  ready: 'good',
  provisioning: 'busy',
  suspended: 'warn',
  deleted: 'neutral',
  failed: 'bad',
};

const JOB_TONES: Record<JobStatus | JobTenantStatus, Tone> = {
  queued: 'busy',
  pending: 'neutral',
  running: 'busy',
  completed: 'good',
  failed: 'bad',
  halted: 'bad',
  drifted: 'warn',
  skipped: 'neutral',
  interrupted: 'warn',
};

export const tenantTone = (s: TenantStatus): Tone => TENANT_TONES[s];
export const jobTone = (s: JobStatus | JobTenantStatus): Tone => JOB_TONES[s];

/** `provisioning` → `Provisioning`. */
export const statusLabel = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export const isolationLabel = (level: 1 | 2): string =>
  level === 1 ? 'Level 1 · shared server' : 'Level 2 · dedicated server';

/** "fintech 1.1, crm —": each database's blueprint and applied version. */
export function blueprintVersions(t: TenantRow): string {
  return t.databases.map((d) => `${d.blueprint} ${d.version ?? '—'}`).join(', ');
}

export interface TenantActions {
  suspend: boolean;
  resume: boolean;
  softDelete: boolean;
  restore: boolean;
  hardDelete: boolean;
  reveal: boolean;
}

/** What a tenant in this status can have done to it; the core refuses the rest anyway. */
export function tenantActions(status: TenantStatus): TenantActions {
  return {
    suspend: status === 'ready',
    resume: status === 'suspended',
    softDelete: status === 'ready' || status === 'suspended' || status === 'failed',
    restore: status === 'deleted',
    // Hard delete is the way out of every state but the one still being built.
    hardDelete: status !== 'provisioning',
    reveal: status === 'ready' || status === 'suspended',
  };
}

/** "3 of 10 done · 1 failed · 1 drifted" under the deployment's progress bar. */
export function jobProgressText(j: JobSummary): string {
  const done = j.completed_tenants + j.failed_tenants + j.drifted_tenants;
  const parts = [`${done} of ${j.total_tenants} done`];
  if (j.failed_tenants > 0) parts.push(`${j.failed_tenants} failed`);
  if (j.drifted_tenants > 0) parts.push(`${j.drifted_tenants} drifted`);
  return parts.join(' · ');
}

/** 0..1 for a <progress>, clamped: the core's percent may overshoot by rounding. */
export const jobFraction = (j: JobSummary): number => Math.min(1, Math.max(0, j.progress / 100));

export type ColumnInfo = TableInfo['columns'][number];
export type ForeignKeyInfo = TableInfo['foreign_keys'][number];
export type IndexInfo = TableInfo['indexes'][number];

/** "amount numeric(12,2) not null default 0". */
export function columnLabel(c: ColumnInfo): string {
  const parts = [c.type];
  if (c.primary_key) parts.push('primary key');
  else if (!c.nullable) parts.push('not null');
  if (c.default !== null) parts.push(`default ${c.default}`);
  return parts.join(' ');
}

/** "(account_id) → accounts(id), on delete cascade". */
export function foreignKeyLabel(fk: ForeignKeyInfo): string {
  const target = `(${fk.columns.join(', ')}) → ${fk.ref_table}(${fk.ref_columns.join(', ')})`;
  const onDelete = fk.on_delete.toLowerCase();
  return onDelete === 'no action' ? target : `${target}, on delete ${onDelete}`;
}

export function indexLabel(ix: IndexInfo): string {
  const kind = ix.primary ? 'primary key' : ix.unique ? 'unique' : 'index';
  return `(${ix.columns.join(', ')}) ${kind}`;
}

/** Unix seconds or an ISO string, as a local date and time with the zone. */
export function shortWhen(when: number | string): string {
  return dateTime(typeof when === 'number' ? when * 1000 : when);
}

/** Tenant ids from a comma- or space-separated list, in order, without repeats or blanks. */
export function parseTenantList(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}

/** Why a canary group cannot be used, or null: its tenants must be among those deployed to. */
export function canaryProblem(
  canary: readonly string[],
  targets: readonly string[],
): string | null {
  const strangers = canary.filter((c) => !targets.includes(c));
  return strangers.length > 0
    ? `Not among the tenants this deployment goes to: ${strangers.join(', ')}.`
    : null;
}

/** The next blueprint version a deploy would create: `1.0` first, then `1.1`, `1.2`, … */
export function nextVersion(current: string | null): string {
  if (!current) return '1.0';
  const [major, minor] = current.split('.').map(Number);
  if (major === undefined || minor === undefined || Number.isNaN(major) || Number.isNaN(minor))
    return '1.0';
  return `${major}.${minor + 1}`;
}
