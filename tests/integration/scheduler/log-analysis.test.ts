// log_analysis against real servers: a private PostgreSQL with pg_stat_statements and a private
// MariaDB with performance_schema find a statement made slower between two snapshots; the shared
// servers (extension absent, performance_schema off) fail with what to enable and how.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionParams } from '../../../shared/model/connection';
import { openClient } from '../../../main/core/db/client';
import { startPrivateMariadb, type PrivateMariadb } from '../../support/private-mariadb';
import { startPrivatePostgres, type PrivatePostgres } from '../../support/private-postgres';
import { addConnection, call, makeTestCore, type TestCore } from '../tenants/harness';

let core: TestCore;
let pg: PrivatePostgres;
let maria: PrivateMariadb;

beforeAll(async () => {
  core = makeTestCore();
  [pg, maria] = await Promise.all([
    startPrivatePostgres({
      password: 'stat-pw',
      settings: ['shared_preload_libraries=pg_stat_statements'],
    }),
    startPrivateMariadb({ serverArgs: ['--performance-schema=ON'] }),
  ]);
  const admin = await openClient(pg.params);
  await admin.query('CREATE EXTENSION pg_stat_statements');
  await admin.close();
  const m = await openClient(maria.params);
  await m.query('CREATE DATABASE sched_stats');
  await m.close();
}, 180_000);

afterAll(async () => {
  await core?.dispose();
  await pg?.stop();
  await maria?.stop();
});

async function save(name: string, p: ConnectionParams): Promise<string> {
  return (
    await call(core, 'connections.create', {
      name,
      type: p.type,
      host: p.host,
      port: p.port,
      database: p.database,
      username: p.username,
      ...(p.password ? { password: p.password } : {}),
      tls: { mode: 'disable' },
    })
  ).id;
}

async function runNow(taskId: string) {
  const started = await call(core, 'scheduler.run', { id: taskId });
  await core.scheduler.settled(taskId);
  const [e] = await call(core, 'scheduler.executions', { id: taskId, limit: 1 });
  expect(e?.id).toBe(started.id);
  return e!;
}

/** Runs the same normalised statement `times` times, each call sleeping `seconds`. */
async function sleepCalls(p: ConnectionParams, sql: string, seconds: number, times = 4) {
  const c = await openClient(p);
  try {
    for (let i = 0; i < times; i++) await c.query(sql, [seconds]);
  } finally {
    await c.close();
  }
}

describe.each([
  { engine: 'PostgreSQL', params: () => pg.params, sql: 'SELECT pg_sleep($1)', needle: /pg_sleep/ },
  {
    engine: 'MariaDB',
    params: () => ({ ...maria.params, database: 'sched_stats' }),
    sql: 'SELECT SLEEP(?)',
    needle: /SLEEP/i,
  },
])('log_analysis on $engine', ({ engine, params, sql, needle }) => {
  it('reports a statement whose mean time grew between two windows', async () => {
    const connectionId = await save(`stats ${engine}`, params());
    const task = await call(core, 'scheduler.create', {
      name: `queries ${engine}`,
      task_type: 'log_analysis',
      connection_id: connectionId,
      cron_schedule: '0 2 * * *',
      params: { slower_percent: 100 },
    });
    const first = await runNow(task.id);
    expect(first.status, first.summary).toBe('succeeded');
    expect(first.summary).toMatch(/First snapshot/);

    await sleepCalls(params(), sql, 0.001);
    const fast = await runNow(task.id);
    expect(fast.status, fast.summary).toBe('succeeded');

    await sleepCalls(params(), sql, 0.08);
    const slow = await runNow(task.id);
    expect(slow.status, slow.summary).toBe('succeeded');
    const report = slow.output.report as {
      slower: { text: string; growth_percent: number; calls: number }[];
      top: { text: string }[];
    };
    const hit = report.slower.find((s) => needle.test(s.text));
    expect(hit, JSON.stringify(report.slower)).toBeDefined();
    expect(hit!.calls).toBe(4);
    expect(hit!.growth_percent).toBeGreaterThan(100);
    expect(needle.test(report.top[0]?.text ?? '')).toBe(true);
  });
});

describe('log_analysis without statement statistics', () => {
  it.each([
    ['postgresql' as const, /shared_preload_libraries.*CREATE EXTENSION pg_stat_statements/],
    ['mysql' as const, /performance_schema is OFF.*performance_schema=ON.*restart/],
  ])('on the shared %s fails saying what to enable', async (type, message) => {
    const connectionId = await addConnection(core, type, `shared ${type} stats`);
    const task = await call(core, 'scheduler.create', {
      name: `no stats ${type}`,
      task_type: 'log_analysis',
      connection_id: connectionId,
      cron_schedule: '0 2 * * *',
    });
    const e = await runNow(task.id);
    expect(e.status).toBe('failed');
    expect(e.summary).toMatch(message);
  });
});
