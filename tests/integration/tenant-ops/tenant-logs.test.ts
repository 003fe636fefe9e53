// The tenant query log on the real servers: statements run through admin query (good, slow with
// pg_sleep/SLEEP, failing) are logged with their time, rows and error but no bound values; the
// filters, paging, statistics and the spec's metrics follow; a dedicated (level 2) tenant also
// gets its database's size and sessions from the server's catalogs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  callError,
  dropEverything,
  ENGINES,
  runPrefix,
  type TestCore,
} from '../tenants/harness';
import { coreWithBlueprint } from './helpers';

describe.each(ENGINES)('tenant query log on %s', (type) => {
  const prefix = runPrefix();
  const ws = `${prefix}_lg`;
  const shared = `${prefix.replace('bpt_', 't')}shared`;
  const dedicated = `${prefix.replace('bpt_', 't')}own`;
  let core: TestCore;
  const sleep = type === 'postgresql' ? 'SELECT pg_sleep(0.3)' : 'SELECT SLEEP(0.3)';

  beforeAll(async () => {
    let connectionId: string;
    ({ core, connectionId } = await coreWithBlueprint(type, ws, 'fintech'));
    await call(core, 'tenants.create', { tenant_id: shared, databases: [{ blueprint: ws }] });
    await call(core, 'tenants.create', {
      tenant_id: dedicated,
      databases: [{ blueprint: ws, isolation_level: 2, connection_id: connectionId }],
    });
    await call(core, 'tenantLogs.configure', { slow_query_ms: 200 });
    for (const query of ['SELECT 1 AS one', sleep, 'SELECT * FROM no_such_table']) {
      await call(core, 'admin.query', { tenant_id: shared, query });
    }
  });
  afterAll(async () => {
    await core?.dispose();
    await dropEverything(type, prefix);
  });

  it('logs each statement with its time, rows and error, filtered by type', async () => {
    const all = await call(core, 'tenants.logs', { id: shared, since: '1h' });
    expect(all.success).toBe(true);
    const texts = all.logs.map((l) => l.query);
    expect(texts).toEqual(
      expect.arrayContaining(['SELECT 1 AS one', sleep, 'SELECT * FROM no_such_table']),
    );

    const errors = await call(core, 'tenants.logs', { id: shared, type: 'error' });
    expect(errors.logs.map((l) => l.query)).toEqual(['SELECT * FROM no_such_table']);
    expect(errors.logs[0]?.error).toMatch(/no_such_table/);
    expect(errors.logs[0]?.rows).toBeNull();

    const slow = await call(core, 'tenants.logs', { id: shared, type: 'slow' });
    // Provisioning's own statements are logged too, and on a busy machine some of them are slow.
    expect(slow.logs.map((l) => l.query)).toContain(sleep);
    expect(slow.logs.every((l) => l.slow && l.duration_ms >= 200)).toBe(true);
    expect(slow.logs.find((l) => l.query === sleep)?.duration_ms).toBeGreaterThanOrEqual(290);
    const one = all.logs.find((l) => l.query === 'SELECT 1 AS one');
    expect(one).toMatchObject({ rows: 1, error: null, slow: false });
  });

  it('pages with has_more and `before`', async () => {
    const first = await call(core, 'tenants.logs', { id: shared, limit: 2 });
    expect(first.count).toBe(2);
    expect(first.has_more).toBe(true);
    const next = await call(core, 'tenants.logs', {
      id: shared,
      limit: 2,
      before: first.logs[1]!.id,
    });
    expect(next.logs.every((l) => l.id < first.logs[1]!.id)).toBe(true);
    const bad = await callError(core, 'tenants.logs', { id: shared, since: '2w' });
    expect(bad.code).toBe('BAD_INPUT');
    expect(bad.message).toMatch(/since must be one of: 1h, 24h, 7d/);
  });

  it('gives statistics and the spec’s metrics', async () => {
    const stats = await call(core, 'tenants.logStats', { id: shared, since: '24h' });
    expect(stats).toMatchObject({ tenant_id: shared, errors: 1, slow_query_ms: 200 });
    expect(stats.slow).toBeGreaterThanOrEqual(1);
    expect(stats.total).toBeGreaterThanOrEqual(3);
    expect(stats.max_ms).toBeGreaterThanOrEqual(290);

    const m = await call(core, 'tenants.metrics', { id: shared });
    expect(m).toMatchObject({
      tenant_id: shared,
      isolation_level: 1,
      database_type: type === 'postgresql' ? 'PostgreSQL' : 'MySQL',
    });
    expect('note' in m.database_metrics && m.database_metrics.note).toMatch(
      /only available for tenants on a dedicated server/,
    );
    expect(m.query_metrics.queries_this_hour).toBe(stats.total);
    expect(m.query_metrics.failed_queries).toBe(1);
    expect(m.query_metrics.slow_queries).toBe(stats.slow);
    expect(m.query_metrics.success_rate).toBeCloseTo((100 * (stats.total - 1)) / stats.total, 2);
  });

  it('reads a dedicated tenant’s database size and sessions from the server', async () => {
    const m = await call(core, 'tenants.metrics', { id: dedicated });
    expect(m.isolation_level).toBe(2);
    if (!('databases' in m.database_metrics)) throw new Error('expected database figures');
    expect(m.database_metrics.databases).toHaveLength(1);
    expect(m.database_metrics.databases[0]?.database).toBe(`${ws}__${dedicated}`);
    expect(m.database_metrics.databases[0]?.size_bytes).toBeGreaterThan(0);
    expect(m.database_metrics.databases[0]?.connections).toBeGreaterThanOrEqual(0);
  });
});
