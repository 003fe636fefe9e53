// Runs in the main process, server and CLI. Scheduled tasks, their executions and statement
// snapshots in SQLite. Never holds a webhook URL (a secret): only whether a task has one.
import type { Execution, ExecutionStatus, TaskType } from '../../../shared/contract/scheduler';
import type { Db } from '../store/database';

const SNAPSHOTS_KEPT = 30;

export interface TaskRow {
  id: string;
  name: string;
  task_type: TaskType;
  connection_id: string;
  cron_schedule: string;
  timezone: string;
  is_active: boolean;
  inactive_reason: string | null;
  params: Record<string, unknown>;
  has_webhook: boolean;
  catch_up_hours: number;
  created_at: string;
  updated_at: string;
  last_slot: string | null;
}

interface RawTask extends Omit<TaskRow, 'is_active' | 'params' | 'has_webhook'> {
  is_active: number;
  params: string;
  has_webhook: number;
}

interface RawExecution extends Omit<Execution, 'output' | 'duration_ms'> {
  output: string;
}

const toTask = (r: RawTask): TaskRow => ({
  ...r,
  is_active: r.is_active === 1,
  has_webhook: r.has_webhook === 1,
  params: JSON.parse(r.params) as Record<string, unknown>,
});

const toExecution = (r: RawExecution): Execution => ({
  ...r,
  output: JSON.parse(r.output) as Record<string, unknown>,
  duration_ms: r.finished_at ? Date.parse(r.finished_at) - Date.parse(r.started_at) : null,
});

export class SchedulerRepository {
  constructor(private readonly db: Db) {}

  tasks(): TaskRow[] {
    return (
      this.db
        .prepare('SELECT * FROM scheduler_tasks ORDER BY name COLLATE NOCASE')
        .all() as RawTask[]
    ).map(toTask);
  }

  task(id: string): TaskRow | null {
    const r = this.db.prepare('SELECT * FROM scheduler_tasks WHERE id = ?').get(id) as
      RawTask | undefined;
    return r ? toTask(r) : null;
  }

  insertTask(t: TaskRow): void {
    this.db
      .prepare(
        `INSERT INTO scheduler_tasks (id, name, task_type, connection_id, cron_schedule, timezone, is_active,
           inactive_reason, params, has_webhook, catch_up_hours, created_at, updated_at, last_slot)
         VALUES (@id, @name, @task_type, @connection_id, @cron_schedule, @timezone, @is_active,
           @inactive_reason, @params, @has_webhook, @catch_up_hours, @created_at, @updated_at, @last_slot)`,
      )
      .run(raw(t));
  }

  updateTask(t: TaskRow): void {
    this.db
      .prepare(
        `UPDATE scheduler_tasks SET name = @name, connection_id = @connection_id, cron_schedule = @cron_schedule,
           timezone = @timezone, is_active = @is_active, inactive_reason = @inactive_reason, params = @params,
           has_webhook = @has_webhook, catch_up_hours = @catch_up_hours, updated_at = @updated_at,
           last_slot = @last_slot
         WHERE id = @id`,
      )
      .run(raw(t));
  }

  setLastSlot(id: string, slot: string): void {
    this.db.prepare('UPDATE scheduler_tasks SET last_slot = ? WHERE id = ?').run(slot, id);
  }

  deleteTask(id: string): void {
    this.db.prepare('DELETE FROM scheduler_tasks WHERE id = ?').run(id);
  }

  /** Tasks of a deleted connection stop, saying why, as connections-api.md asks. */
  deactivateForConnection(connectionId: string, reason: string, now: string): string[] {
    const ids = (
      this.db
        .prepare('SELECT id FROM scheduler_tasks WHERE connection_id = ? AND is_active = 1')
        .all(connectionId) as { id: string }[]
    ).map((r) => r.id);
    this.db
      .prepare(
        'UPDATE scheduler_tasks SET is_active = 0, inactive_reason = ?, updated_at = ? WHERE connection_id = ? AND is_active = 1',
      )
      .run(reason, now, connectionId);
    return ids;
  }

  insertExecution(e: Omit<Execution, 'duration_ms'>): void {
    this.db
      .prepare(
        `INSERT INTO scheduler_executions (id, task_id, status, trigger, scheduled_for, started_at, finished_at, summary, output)
         VALUES (@id, @task_id, @status, @trigger, @scheduled_for, @started_at, @finished_at, @summary, @output)`,
      )
      .run({ ...e, output: JSON.stringify(e.output) });
  }

  finishExecution(
    id: string,
    status: ExecutionStatus,
    summary: string,
    output: Record<string, unknown>,
    finishedAt: string,
  ): void {
    this.db
      .prepare(
        'UPDATE scheduler_executions SET status = ?, summary = ?, output = ?, finished_at = ? WHERE id = ?',
      )
      .run(status, summary, JSON.stringify(output), finishedAt, id);
  }

  execution(id: string): Execution | null {
    const r = this.db.prepare('SELECT * FROM scheduler_executions WHERE id = ?').get(id) as
      RawExecution | undefined;
    return r ? toExecution(r) : null;
  }

  executions(taskId: string, limit: number): Execution[] {
    return (
      this.db
        .prepare(
          'SELECT * FROM scheduler_executions WHERE task_id = ? ORDER BY started_at DESC, rowid DESC LIMIT ?',
        )
        .all(taskId, limit) as RawExecution[]
    ).map(toExecution);
  }

  /** The newest execution with one of these statuses. */
  lastExecution(taskId: string, statuses?: readonly ExecutionStatus[]): Execution | null {
    const filter = statuses ? `AND status IN (${statuses.map(() => '?').join(', ')})` : '';
    const r = this.db
      .prepare(
        `SELECT * FROM scheduler_executions WHERE task_id = ? ${filter} ORDER BY started_at DESC, rowid DESC LIMIT 1`,
      )
      .get(taskId, ...(statuses ?? [])) as RawExecution | undefined;
    return r ? toExecution(r) : null;
  }

  /** Executions a dead process left running are marked interrupted; returns how many. */
  markInterrupted(now: string): number {
    return this.db
      .prepare(
        `UPDATE scheduler_executions SET status = 'interrupted', finished_at = ?,
           summary = 'Benchphant stopped while this execution ran.'
         WHERE status = 'running'`,
      )
      .run(now).changes;
  }

  /** Keeps the newest SNAPSHOTS_KEPT per task: a report needs only the previous one. */
  addSnapshot(taskId: string, takenAt: string, data: unknown): void {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO statement_snapshots (task_id, taken_at, data) VALUES (?, ?, ?)')
        .run(taskId, takenAt, JSON.stringify(data));
      this.db
        .prepare(
          `DELETE FROM statement_snapshots WHERE task_id = ? AND id NOT IN
             (SELECT id FROM statement_snapshots WHERE task_id = ? ORDER BY id DESC LIMIT ?)`,
        )
        .run(taskId, taskId, SNAPSHOTS_KEPT);
    })();
  }

  lastSnapshot<T>(taskId: string): { taken_at: string; data: T } | null {
    const r = this.db
      .prepare(
        'SELECT taken_at, data FROM statement_snapshots WHERE task_id = ? ORDER BY id DESC LIMIT 1',
      )
      .get(taskId) as { taken_at: string; data: string } | undefined;
    return r ? { taken_at: r.taken_at, data: JSON.parse(r.data) as T } : null;
  }
}

function raw(t: TaskRow): RawTask {
  return {
    ...t,
    is_active: t.is_active ? 1 : 0,
    has_webhook: t.has_webhook ? 1 : 0,
    params: JSON.stringify(t.params),
  };
}
