// What the confirmations say: numbers from the tenant's impact preview, the rollout's plan and the
// admin query's per-tenant outcome, with counts in the right grammar.
import { describe, expect, it } from 'vitest';
import type { AdminQueryResult, TenantImpact } from '../../../shared/contract/tenants';
import {
  adminChangesPerTenant,
  adminOutcomeLine,
  adminWriteWords,
  deployVersionWords,
  softDeleteWords,
  startDeploymentWords,
  suspendWords,
} from '../../../renderer/src/features/tenants/confirm-words';

const impact = (sessions: (number | null)[]): TenantImpact => ({
  success: true,
  tenant_id: 'acme',
  status: 'ready',
  sessions: sessions.includes(null) ? null : sessions.reduce<number>((a, b) => a + (b ?? 0), 0),
  databases: sessions.map((s, i) => ({ blueprint: `bp${i}`, database: `db${i}`, sessions: s })),
});

describe('tenant confirmations', () => {
  it('says how many sessions a suspend ends and how many databases it blocks', () => {
    expect(suspendWords('acme', impact([2, 1])).summary).toBe(
      'Suspend acme: ends 3 sessions, blocks logins to 2 databases.',
    );
    expect(suspendWords('acme', impact([1])).summary).toBe(
      'Suspend acme: ends 1 session, blocks logins to 1 database.',
    );
    expect(suspendWords('acme', impact([0])).summary).toBe(
      'Suspend acme: ends no session (none open), blocks logins to 1 database.',
    );
    expect(suspendWords('acme', impact([null, 1])).summary).toMatch(
      /did not say how many\), blocks logins to 2 databases\.$/,
    );
    expect(suspendWords('acme', null).summary).toContain('counting');
    expect(softDeleteWords('acme', impact([4])).summary).toBe(
      'Delete acme: ends 4 sessions, blocks logins to 1 database.',
    );
  });

  it('counts the changes a deploy freezes and the tenants a rollout migrates', () => {
    const d = deployVersionWords('shop', '1.1', 1, 2);
    expect(d.summary).toBe(
      'Deploy 1 pending change as shop 1.1: they become a blueprint version that cannot be taken back.',
    );
    expect(d.note).toContain('The 2 tenants of shop stay at their version');
    const s = startDeploymentWords({
      blueprint: 'shop',
      version: '1.1',
      tenants: 5,
      parallelism: 8,
      canary: ['acme'],
      policy: 'halt',
      maxFailures: 1,
    });
    expect(s.summary).toBe(
      'Migrate 5 tenant databases of shop to 1.1, 5 at a time: 1 canary tenant (acme) first, the rest once they succeed; it halts after 1 failure.',
    );
    expect(adminWriteWords(2, 'every tenant of shop').title).toBe('Run with writes on 2 tenants?');
  });
});

const result = (over: Partial<AdminQueryResult>): AdminQueryResult => ({
  success: true,
  columns: ['tenant_id'],
  rows: [],
  row_count: 0,
  truncated: false,
  tenants: [],
  errors: [],
  ...over,
});
const tenant = (id: string, affected: number | null, ok = true, row_count = 0) => ({
  tenant_id: id,
  ok,
  row_count,
  affected,
  duration_ms: 3,
  error: ok ? null : 'refused',
});

describe('admin query outcome', () => {
  it('reports rows changed per tenant after a write, not "0 rows"', () => {
    const wrote = result({ tenants: [tenant('acme', 7), tenant('globex', 5)] });
    expect(adminOutcomeLine(wrote)).toBe('12 rows changed in 2 of 2 tenants');
    expect(adminChangesPerTenant(wrote)).toEqual([
      { tenant: 'acme', text: '7 rows changed' },
      { tenant: 'globex', text: '5 rows changed' },
    ]);
    const partly = result({ tenants: [tenant('acme', 1), tenant('globex', null, false)] });
    expect(adminOutcomeLine(partly)).toBe('1 row changed in 1 of 2 tenants');
    const ddl = result({ tenants: [tenant('acme', null), tenant('globex', null)] });
    expect(adminOutcomeLine(ddl)).toBe('Ran in 2 of 2 tenants');
  });

  it('reports rows returned after a read', () => {
    const read = result({
      columns: ['tenant_id', 'n'],
      row_count: 1,
      tenants: [tenant('acme', 1, true, 1)],
    });
    expect(adminOutcomeLine(read)).toBe('1 row from 1 of 1 tenant');
    expect(adminChangesPerTenant(read)).toEqual([]);
  });
});
