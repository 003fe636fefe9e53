// The Tenants screens' pure view logic: which actions a status allows, how progress and schema
// items read, and the small parsers behind the forms.
import { describe, expect, it } from 'vitest';
import {
  JOB_STATUSES,
  JOB_TENANT_STATUSES,
  type JobSummary,
  TENANT_STATUSES,
} from '../../../shared/contract/tenants';
import { cellText } from '../../../renderer/src/components/cell-text';
import {
  blueprintVersions,
  canaryProblem,
  columnLabel,
  foreignKeyLabel,
  indexLabel,
  jobFraction,
  jobProgressText,
  jobTone,
  nextVersion,
  parseTenantList,
  statusLabel,
  tenantActions,
  tenantTone,
} from '../../../renderer/src/features/tenants/tenant-view';
import type { TenantRow } from '../../../renderer/src/stores/tenants-store';

const job = (over: Partial<JobSummary> = {}): JobSummary => ({
  job_id: 'dep_1',
  blueprint_id: 'fintech',
  version: '1.1',
  status: 'running',
  progress: 40,
  progress_display: '40%',
  total_tenants: 10,
  completed_tenants: 4,
  failed_tenants: 0,
  drifted_tenants: 0,
  parallelism: 4,
  error_policy: 'continue',
  max_failures: 1,
  message: null,
  started_at: '2026-01-01T00:00:00.000Z',
  completed_at: null,
  ...over,
});

describe('tenant actions by status', () => {
  it('suspends only ready tenants and resumes only suspended ones', () => {
    expect(tenantActions('ready')).toMatchObject({ suspend: true, resume: false });
    expect(tenantActions('suspended')).toMatchObject({ suspend: false, resume: true });
    for (const s of ['provisioning', 'deleted', 'failed'] as const)
      expect(tenantActions(s)).toMatchObject({ suspend: false, resume: false });
  });

  it('restores only soft-deleted tenants, which cannot be soft-deleted again', () => {
    expect(tenantActions('deleted')).toMatchObject({ restore: true, softDelete: false });
    expect(tenantActions('ready')).toMatchObject({ restore: false, softDelete: true });
    expect(tenantActions('failed')).toMatchObject({ restore: false, softDelete: true });
  });

  it('offers hard delete everywhere but while provisioning, and reveal only where a role can log in', () => {
    expect(TENANT_STATUSES.filter((s) => tenantActions(s).hardDelete)).toEqual([
      'ready',
      'suspended',
      'deleted',
      'failed',
    ]);
    expect(TENANT_STATUSES.filter((s) => tenantActions(s).reveal)).toEqual(['ready', 'suspended']);
  });

  it('gives every status a tone and a capitalised label', () => {
    expect(tenantTone('ready')).toBe('good');
    expect(tenantTone('failed')).toBe('bad');
    expect(tenantTone('suspended')).toBe('warn');
    for (const s of [...JOB_STATUSES, ...JOB_TENANT_STATUSES]) expect(jobTone(s)).toBeTruthy();
    expect(jobTone('drifted')).toBe('warn');
    expect(statusLabel('provisioning')).toBe('Provisioning');
  });
});

describe('deployment progress', () => {
  it('counts completed, failed and drifted tenants as done and names the bad ones', () => {
    expect(jobProgressText(job())).toBe('4 of 10 done');
    expect(
      jobProgressText(job({ completed_tenants: 6, failed_tenants: 2, drifted_tenants: 1 })),
    ).toBe('9 of 10 done · 2 failed · 1 drifted');
  });

  it('turns the percent into a clamped fraction for <progress>', () => {
    expect(jobFraction(job({ progress: 40 }))).toBe(0.4);
    expect(jobFraction(job({ progress: 100.4 }))).toBe(1);
    expect(jobFraction(job({ progress: -1 }))).toBe(0);
  });
});

describe('schema items', () => {
  it('reads a column with its type, key, nullability and default', () => {
    const base = { name: 'x', nullable: true, default: null, primary_key: false };
    expect(columnLabel({ ...base, type: 'bigint', primary_key: true, nullable: false })).toBe(
      'bigint primary key',
    );
    expect(columnLabel({ ...base, type: 'numeric(12,2)', nullable: false, default: '0' })).toBe(
      'numeric(12,2) not null default 0',
    );
    expect(columnLabel({ ...base, type: 'text' })).toBe('text');
  });

  it('reads foreign keys with their delete rule unless it is the default', () => {
    const fk = {
      name: 'fk',
      columns: ['account_id'],
      ref_table: 'accounts',
      ref_columns: ['id'],
      on_delete: 'CASCADE',
    };
    expect(foreignKeyLabel(fk)).toBe('(account_id) → accounts(id), on delete cascade');
    expect(foreignKeyLabel({ ...fk, on_delete: 'NO ACTION' })).toBe('(account_id) → accounts(id)');
  });

  it('tells primary, unique and plain indexes apart', () => {
    const ix = { name: 'i', columns: ['a', 'b'], unique: false, primary: false };
    expect(indexLabel(ix)).toBe('(a, b) index');
    expect(indexLabel({ ...ix, unique: true })).toBe('(a, b) unique');
    expect(indexLabel({ ...ix, unique: true, primary: true })).toBe('(a, b) primary key');
  });
});

describe('form helpers', () => {
  it('reads tenant lists separated by commas or spaces, without repeats', () => {
    expect(parseTenantList(' acme, globex  initech,acme ,, ')).toEqual([
      'acme',
      'globex',
      'initech',
    ]);
    expect(parseTenantList('')).toEqual([]);
  });

  it('names canary tenants the deployment does not go to', () => {
    expect(canaryProblem([], ['acme'])).toBeNull();
    expect(canaryProblem(['acme'], ['acme', 'globex'])).toBeNull();
    expect(canaryProblem(['acme', 'initech', 'umbrella'], ['acme'])).toBe(
      'Not among the tenants this deployment goes to: initech, umbrella.',
    );
  });

  it('names the version the next deploy creates', () => {
    expect(nextVersion(null)).toBe('1.0');
    expect(nextVersion('1.0')).toBe('1.1');
    expect(nextVersion('2.9')).toBe('2.10');
  });

  it('lists each database of a tenant with its applied version', () => {
    const db = {
      database_type: 'PostgreSQL' as const,
      isolation_level: 1 as const,
      connection_id: 'c',
      connection: { host: 'h', port: 1, database: 'd', user: 'u', connection_string: 's' },
    };
    const tenant: TenantRow = {
      tenant_id: 'acme',
      status: 'ready',
      message: null,
      created_at: '2026-01-01T00:00:00.000Z',
      deleted_at: null,
      databases: [
        { ...db, blueprint: 'fintech', version: '1.1' },
        { ...db, blueprint: 'crm', version: null },
      ],
    };
    expect(blueprintVersions(tenant)).toBe('fintech 1.1, crm —');
  });

  it('spells out NULL and structured values in result cells', () => {
    expect(cellText(null)).toBe('NULL');
    expect(cellText(undefined)).toBe('NULL');
    expect(cellText('')).toBe('');
    expect(cellText(12.5)).toBe('12.5');
    expect(cellText(false)).toBe('false');
    expect(cellText({ a: [1, 2] })).toBe('{"a":[1,2]}');
  });
});
