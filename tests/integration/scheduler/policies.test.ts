// The scheduler's policies against a real core and the real PostgreSQL: a benchmark task that finds
// a run going waits for it (bounded) or records `skipped: busy`; after Benchphant was closed, a
// missed slot runs once if it is young enough and is recorded as skipped otherwise — never a burst.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/core/store/database';
import { dataPaths } from '../../../main/core/paths';
import { makeTempDir } from '../../support/temp-dir';
import { withClient } from '../benchmark/harness';
import { testPg } from '../../support/test-databases';
import { addConnection, call, makeTestCore, type TestCore } from '../tenants/harness';

const SCHEMA = 'c17_sched_busy';
const quick = (duration: number) => ({
  type: 'custom' as const,
  duration,
  warmup: 0,
  threads: 1,
  parameters: { init: 'none' },
  scripts: [{ sql: 'SELECT 1;' }],
  schema: SCHEMA,
});

describe('busy policy', () => {
  let core: TestCore;
  let pgId: string;
  beforeAll(async () => {
    core = makeTestCore();
    pgId = await addConnection(core, 'postgresql', 'busy pg');
  });
  afterAll(async () => {
    await core?.dispose();
    await withClient(testPg(), (c) => c.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`));
  });

  const task = (name: string, busyWaitS: number) =>
    call(core, 'scheduler.create', {
      name,
      task_type: 'benchmark',
      connection_id: pgId,
      cron_schedule: '0 2 * * *',
      params: { run: quick(1), busy_wait_s: busyWaitS },
    });

  async function runNow(taskId: string) {
    await call(core, 'scheduler.run', { id: taskId });
    await core.scheduler.settled(taskId);
    return (await call(core, 'scheduler.executions', { id: taskId, limit: 1 }))[0]!;
  }

  it('records skipped: busy when a run outlasts the wait, and waits for one that ends in time', async () => {
    const impatient = await task('impatient', 1);
    const patient = await task('patient', 60);

    const long = await call(core, 'runs.start', { connection_id: pgId, ...quick(4) });
    const skipped = await runNow(impatient.id);
    expect(skipped.status, skipped.summary).toBe('skipped');
    expect(skipped.summary).toBe('skipped: busy — another benchmark was still running after 1 s.');
    expect(skipped.output).toEqual({ reason: 'busy' });
    expect((await call(core, 'runs.get', { id: long.id })).status).not.toBe('completed');

    const waited = await runNow(patient.id);
    expect(waited.status, waited.summary).toBe('succeeded');
    expect((await call(core, 'runs.get', { id: long.id })).status).toBe('completed');
    const ran = await call(core, 'runs.get', { id: waited.output.run_id as string });
    // It started only once the other run had ended.
    expect(Date.parse(ran.start_time)).toBeGreaterThanOrEqual(
      Date.parse((await call(core, 'runs.get', { id: long.id })).end_time!),
    );
  }, 60_000);
});

describe('missed-run policy across a restart', () => {
  const dir = makeTempDir('benchphant-missed-');
  afterAll(() => dir.remove());

  it('runs a missed slot once within the catch-up window and records an older one as skipped', async () => {
    let core = makeTestCore({ dataDir: dir.path });
    const pgId = await addConnection(core, 'postgresql', 'missed pg');
    // A daily slot that passed 20 hours ago, and tasks that existed for five days before it.
    const slot = new Date(Date.now() - 20 * 3600_000);
    const cron = `${slot.getUTCMinutes()} ${slot.getUTCHours()} * * *`;
    const make = (name: string, catchUpHours: number) =>
      call(core, 'scheduler.create', {
        name,
        task_type: 'connection_check',
        connection_id: pgId,
        cron_schedule: cron,
        catch_up_hours: catchUpHours,
      });
    const young = await make('within 48 h', 48);
    const old = await make('within 12 h', 12);
    await core.dispose();

    const db = openDatabase(dataPaths(dir.path).database);
    db.prepare('UPDATE scheduler_tasks SET created_at = ?').run(
      new Date(Date.now() - 5 * 24 * 3600_000).toISOString(),
    );
    db.close();

    core = makeTestCore({ dataDir: dir.path });
    try {
      core.scheduler.start();
      await core.scheduler.settled(young.id);
      const ran = await call(core, 'scheduler.executions', { id: young.id, limit: 10 });
      // Five missed days, one execution.
      expect(ran).toHaveLength(1);
      expect(ran[0]).toMatchObject({ status: 'succeeded', trigger: 'catch_up' });
      expect(Math.abs(Date.parse(ran[0]!.scheduled_for!) - slot.getTime())).toBeLessThan(60_000);

      const skipped = await call(core, 'scheduler.executions', { id: old.id, limit: 10 });
      expect(skipped).toHaveLength(1);
      expect(skipped[0]).toMatchObject({ status: 'skipped', trigger: 'catch_up' });
      expect(skipped[0]!.summary).toMatch(/while Benchphant was not running; older than 12 h/);
    } finally {
      await core.dispose();
    }
  }, 60_000);
});
