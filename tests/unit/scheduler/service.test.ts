// The scheduler's policies with a controlled clock: one run for a recent miss and none for an old
// one, never a burst, one execution per task at a time, a deleted connection deactivating its
// tasks, interrupted executions after a crash, and the webhook on failure.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaskType } from '../../../shared/contract/scheduler';
import { createEventBus } from '../../../main/core/events';
import { silentLogger } from '../../../main/core/logging/logger';
import { SchedulerRepository } from '../../../main/core/scheduler/repository';
import { Scheduler } from '../../../main/core/scheduler/service';
import type { Outcome, TaskRunner } from '../../../main/core/scheduler/tasks/task-runner';
import { createMemorySecretStore } from '../../../main/core/secrets/secret-store';
import { openDatabase, type Db } from '../../../main/core/store/database';

const CONN = '11111111-1111-4111-8111-111111111111';

class Runner implements TaskRunner {
  calls = 0;
  outcome: Outcome = { status: 'succeeded', summary: 'ok', output: {} };
  gate: Promise<void> | null = null;
  validate(params: Record<string, unknown>): void {
    if (params.bad) throw new Error('bad param');
  }
  async run(): Promise<Outcome> {
    this.calls += 1;
    if (this.gate) await this.gate;
    return this.outcome;
  }
}

let db: Db;
let clock: Date;
let runner: Runner;
let connections: Set<string>;
let notices: string[];

function make(secrets = createMemorySecretStore()): Scheduler {
  const runners: Record<TaskType, TaskRunner> = {
    benchmark: runner,
    log_analysis: runner,
    backup: runner,
    connection_check: runner,
  };
  return new Scheduler({
    repo: new SchedulerRepository(db),
    events: createEventBus(),
    logger: silentLogger,
    secrets,
    runners,
    connectionExists: (id) => connections.has(id),
    notify: (n) => notices.push(n.title),
    webhook: { timeoutMs: 2000, tries: 3, backoffMs: 10 },
    now: () => clock,
  });
}

const nightly = {
  name: 'nightly',
  task_type: 'connection_check' as const,
  connection_id: CONN,
  cron_schedule: '0 2 * * *',
  timezone: 'UTC',
  is_active: true,
  params: {},
  webhook_url: null,
  catch_up_hours: 12,
};

beforeEach(() => {
  db = openDatabase(':memory:');
  clock = new Date('2026-12-01T12:00:00Z');
  runner = new Runner();
  connections = new Set([CONN]);
  notices = [];
});
afterEach(() => db.close());

describe('Scheduler', () => {
  it('creates the spec body with defaults, says the schedule in words and the next run', async () => {
    const s = make();
    const t = await s.create({ ...nightly, task_type: 'log_analysis' });
    expect(t).toMatchObject({
      task_type: 'log_analysis',
      is_active: true,
      schedule_text: 'every day at 02:00',
      next_run_at: '2026-12-02T02:00:00.000Z',
      last_run: null,
      has_webhook: false,
    });
  });

  it('refuses an unknown connection, a bad schedule and bad params, saying which', async () => {
    const s = make();
    await expect(s.create({ ...nightly, connection_id: '1' })).rejects.toThrow(
      /No connection with id 1/,
    );
    await expect(s.create({ ...nightly, cron_schedule: '0 24 * * *' })).rejects.toThrow(/hour/);
    await expect(s.create({ ...nightly, params: { bad: true } })).rejects.toThrow(
      /connection_check task: bad param/,
    );
  });

  it('fires a slot when it comes, once', async () => {
    const s = make();
    await s.create(nightly);
    expect(s.checkDue()).toHaveLength(0);
    clock = new Date('2026-12-02T02:00:00.500Z');
    const [done] = s.checkDue();
    expect((await done)?.trigger).toBe('schedule');
    expect(s.checkDue()).toHaveLength(0);
    expect(runner.calls).toBe(1);
  });

  it('runs a recent missed slot once at start, and skips one older than 12 h — never a burst', async () => {
    const s = make();
    const t = await s.create(nightly);
    // Closed for a week: seven slots missed; the latest (02:00 today) is 5 h old.
    clock = new Date('2026-12-08T07:00:00Z');
    const started = s.checkDue();
    expect(started).toHaveLength(1);
    expect((await started[0])?.trigger).toBe('catch_up');
    // Closed again until 15:00 the next day: the 02:00 slot is 13 h old.
    clock = new Date('2026-12-09T15:00:00Z');
    expect(s.checkDue()).toHaveLength(0);
    const history = s.executions(t.id, 10);
    expect(history.map((e) => e.status)).toEqual(['skipped', 'succeeded']);
    expect(history[0]?.summary).toMatch(/older than 12 h/);
    expect(runner.calls).toBe(1);
  });

  it('takes the catch-up window from the task: 0 h runs only what is on time', async () => {
    const s = make();
    const t = await s.create({ ...nightly, catch_up_hours: 0 });
    clock = new Date('2026-12-02T02:01:00Z');
    expect(s.checkDue()).toHaveLength(1);
    clock = new Date('2026-12-03T02:30:00Z');
    expect(s.checkDue()).toHaveLength(0);
    expect(s.executions(t.id, 1)[0]?.summary).toMatch(/older than 0 h/);
    await s.settled(t.id);
  });

  it('runs one execution of a task at a time', async () => {
    const s = make();
    const t = await s.create(nightly);
    let release!: () => void;
    runner.gate = new Promise((r) => (release = r));
    const first = s.runNow(t.id);
    expect(first.status).toBe('running');
    expect(() => s.runNow(t.id)).toThrow(/already running/);
    clock = new Date('2026-12-02T02:00:00Z');
    expect(s.checkDue()).toHaveLength(0);
    expect(s.executions(t.id, 10)[0]?.summary).toMatch(/previous execution was still running/);
    release();
    await s.settled(t.id);
    const manual = s.executions(t.id, 10).find((e) => e.id === first.id);
    expect(manual).toMatchObject({ status: 'succeeded', trigger: 'manual' });
  });

  it('deactivates the tasks of a deleted connection, saying why', async () => {
    const s = make();
    const t = await s.create(nightly);
    connections.delete(CONN);
    s.connectionRemoved(CONN);
    expect(s.get(t.id)).toMatchObject({
      is_active: false,
      inactive_reason: 'its connection was deleted',
      next_run_at: null,
    });
    clock = new Date('2026-12-02T02:00:00Z');
    expect(s.checkDue()).toHaveLength(0);
    await expect(s.update({ id: t.id, is_active: true })).rejects.toThrow(/no longer exists/);
  });

  it('marks executions a dead process left running as interrupted at start', async () => {
    const s = make();
    const t = await s.create(nightly);
    runner.gate = new Promise(() => undefined);
    s.runNow(t.id);
    // A new process on the same store: the old one died mid-execution.
    const again = make();
    again.start();
    await again.close();
    expect(again.executions(t.id, 1)[0]).toMatchObject({ status: 'interrupted' });
  });

  describe('webhook', () => {
    let server: Server;
    let bodies: Record<string, unknown>[];
    let answers: number[];
    beforeEach(async () => {
      bodies = [];
      answers = [500, 200];
      server = createServer((req: IncomingMessage, res) => {
        let text = '';
        req.on('data', (c: Buffer) => (text += c.toString()));
        req.on('end', () => {
          bodies.push(JSON.parse(text) as Record<string, unknown>);
          res.statusCode = answers.shift() ?? 200;
          res.end();
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    });
    afterEach(() => new Promise<void>((r) => server.close(() => r())));

    it('posts a failed execution with a Slack-style text, retrying a 5xx, and keeps the URL secret', async () => {
      const secrets = createMemorySecretStore();
      const s = make(secrets);
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?key=s3cret`;
      const t = await s.create({ ...nightly, webhook_url: url });
      expect(t.has_webhook).toBe(true);
      expect(JSON.stringify(s.get(t.id))).not.toContain('s3cret');
      expect(JSON.stringify(db.prepare('SELECT * FROM scheduler_tasks').all())).not.toContain(
        's3cret',
      );
      runner.outcome = { status: 'failed', summary: 'server unreachable', output: {} };
      s.runNow(t.id);
      await s.settled(t.id);
      expect(bodies).toHaveLength(2);
      expect(bodies[1]?.text).toBe('Benchphant: nightly failed: server unreachable');
      expect(notices).toEqual(['Benchphant: nightly failed']);
      const [e] = s.executions(t.id, 1);
      expect(e?.output.webhook).toMatchObject({ delivered: true, attempts: 2 });
      await s.delete(t.id);
      expect(secrets.size).toBe(0);
    });

    it('does not call the webhook for a success', async () => {
      const s = make();
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const t = await s.create({ ...nightly, webhook_url: url });
      s.runNow(t.id);
      await s.settled(t.id);
      expect(bodies).toHaveLength(0);
    });
  });
});
