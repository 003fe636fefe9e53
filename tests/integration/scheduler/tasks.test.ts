// Benchmark, backup and connection_check tasks through the core on the real servers: a nightly
// benchmark trips its threshold once an index is dropped and calls a local webhook; a backup
// task keeps N; deleting a connection deactivates its tasks; the spec's curl body creates a task.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/logging/logger';
import { startServer, type RunningServer } from '../../../main/server/server';
import {
  addConnection,
  admin,
  call,
  dropEverything,
  makeBlueprint,
  makeTestCore,
  runPrefix,
  type TestCore,
} from '../tenants/harness';

const prefix = runPrefix();
const table = `${prefix}_lookup`;
let core: TestCore;
let pgId: string;
let hook: Server;
let received: { text: string; execution: { status: string } }[];

beforeAll(async () => {
  core = makeTestCore();
  pgId = await addConnection(core, 'postgresql', `${prefix} pg`);
  const c = await admin('postgresql');
  await c.query(`CREATE TABLE ${table} (k integer NOT NULL, v text NOT NULL)`);
  await c.query(`INSERT INTO ${table} SELECT g, md5(g::text) FROM generate_series(1, 200000) g`);
  await c.query(`CREATE INDEX ${table}_k ON ${table} (k)`);
  await c.query(`ANALYZE ${table}`);
  await c.close();
  received = [];
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push(JSON.parse(body) as (typeof received)[number]);
      res.end('ok');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
}, 120_000);

afterAll(async () => {
  await core?.dispose();
  await new Promise((r) => hook?.close(r));
  const c = await admin('postgresql');
  await c.query(`DROP TABLE IF EXISTS ${table}`);
  await c.close();
  await dropEverything('postgresql', prefix);
});

async function runNow(taskId: string) {
  await call(core, 'scheduler.run', { id: taskId });
  await core.scheduler.settled(taskId);
  const [e] = await call(core, 'scheduler.executions', { id: taskId, limit: 1 });
  return e!;
}

describe('benchmark task', () => {
  it('passes against itself, then regresses once the index is dropped and calls the webhook', async () => {
    const task = await call(core, 'scheduler.create', {
      name: 'nightly lookup',
      task_type: 'benchmark',
      connection_id: pgId,
      cron_schedule: '0 2 * * *',
      timezone: 'Europe/Berlin',
      webhook_url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/slack`,
      params: {
        fail_on: 'avg>+100%',
        run: {
          type: 'custom',
          duration: 2,
          warmup: 0,
          threads: 2,
          parameters: { init: 'none' },
          scripts: [
            { sql: `\\set k random(1, 200000)\nSELECT v FROM public.${table} WHERE k = :k;` },
          ],
        },
      },
    });
    expect(task.schedule_text).toBe('every day at 02:00');

    const first = await runNow(task.id);
    expect(first.status, first.summary).toBe('succeeded');
    expect(first.summary).toMatch(/becomes the baseline/);
    const baselineRun = first.output.run_id as string;

    const c = await admin('postgresql');
    await c.query(`DROP INDEX ${table}_k`);
    await c.close();

    const second = await runNow(task.id);
    expect(second.status, second.summary).toBe('regressed');
    expect(second.output).toMatchObject({ baseline_id: baselineRun, fail_on: 'avg>+100%' });
    expect(second.summary).toMatch(/avg \+\d+/);
    // The comparison it stands on can be opened from the execution's two runs.
    const comparison = await call(core, 'results.compare', {
      run_ids: [baselineRun, second.output.run_id as string],
      baseline_id: baselineRun,
    });
    expect(comparison.runs).toHaveLength(2);

    expect(received).toHaveLength(1);
    expect(received[0]?.text).toMatch(/^Benchphant: nightly lookup regressed: Regressed: avg/);
    expect(received[0]?.execution.status).toBe('regressed');
    expect((await call(core, 'scheduler.get', { id: task.id })).last_run?.status).toBe('regressed');
  }, 120_000);
});

describe('backup task', () => {
  it('backs a tenant up each time and keeps the newest N it made, leaving other backups alone', async () => {
    const blueprint = `${prefix}_shop`;
    const tenant = `${prefix}_acme`;
    await makeBlueprint(core, pgId, blueprint);
    const made = await call(core, 'tenants.create', {
      tenant_id: tenant,
      databases: [{ blueprint, isolation_level: 1 }],
    });
    expect(made.status, made.message ?? '').toBe('ready');
    const manual = (await call(core, 'tenants.backup', { id: tenant })).backups[0]!.id;

    const task = await call(core, 'scheduler.create', {
      name: 'tenant backups',
      task_type: 'backup',
      connection_id: pgId,
      cron_schedule: '0 3 * * *',
      params: { blueprint, keep: 2 },
    });
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await runNow(task.id));
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(runs[2]?.summary).toMatch(/keeping the newest 2 per tenant, 1 older removed/);

    const left = (await call(core, 'tenants.backups', { id: tenant })).backups.map((b) => b.id);
    const byTask = runs.map((r) => (r.output.backups as Record<string, string[]>)[tenant]![0]!);
    expect(left.sort()).toEqual([manual, byTask[1]!, byTask[2]!].sort());
  }, 120_000);
});

describe('connection_check and connections', () => {
  it('records round trip and version, and goes inactive when its connection is deleted', async () => {
    const id = await addConnection(core, 'mysql', `${prefix} maria`);
    const task = await call(core, 'scheduler.create', {
      name: 'is maria up',
      task_type: 'connection_check',
      connection_id: id,
      cron_schedule: '*/5 * * * *',
    });
    const e = await runNow(task.id);
    expect(e.status, e.summary).toBe('succeeded');
    expect(e.output.server_version).toMatch(/MariaDB/i);
    expect(typeof e.output.rtt_ms).toBe('number');

    await call(core, 'connections.delete', { id });
    const after = await call(core, 'scheduler.get', { id: task.id });
    expect(after).toMatchObject({
      is_active: false,
      inactive_reason: 'its connection was deleted',
      next_run_at: null,
    });
  });

  it("creates a task from connections-api.md's curl body over REST", async () => {
    const token = 'scheduler-rest-token';
    const server: RunningServer = await startServer({
      core,
      port: 0,
      token,
      logger: silentLogger,
    });
    try {
      const post = (body: unknown) =>
        fetch(`http://127.0.0.1:${server.port}/api/v1/scheduler/tasks`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
      const spec = {
        name: 'Test Task',
        task_type: 'log_analysis',
        connection_id: pgId,
        cron_schedule: '0 2 * * *',
      };
      const ok = await post(spec);
      expect(ok.status).toBe(201);
      expect(await ok.json()).toMatchObject({ ...spec, is_active: true, timezone: 'UTC' });
      // The spec's literal `connection_id: 1` names no connection here: a 404 that says so.
      const missing = await post({ ...spec, connection_id: 1 });
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { error: string }).error).toMatch(
        /No connection with id 1/,
      );
      const bad = await post({ ...spec, cron_schedule: '0 2 * *' });
      expect(bad.status).toBe(400);
    } finally {
      await server.close();
    }
  });
});
