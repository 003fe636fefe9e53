// Runs in the main process and the headless server (started with them, stopped cleanly), and in
// the CLI for the `scheduler.*` operations. Keeps tasks, fires them on their cron schedule, one
// execution per task at a time, and never bursts through runs missed while it was not running.
import { randomUUID } from 'node:crypto';
import { ZodError } from 'zod';
import { AppError } from '../../../shared/errors';
import {
  type Execution,
  type Task,
  type TaskCreate,
  type TaskType,
  type TaskUpdate,
} from '../../../shared/contract/scheduler';
import type { EventBus } from '../events';
import type { Logger } from '../logging/logger';
import type { SecretStore } from '../secrets/secret-store';
import { parseSchedule, type Schedule } from './cron';
import { type DesktopNotifier, noticeOf, postWebhook, type WebhookOptions } from './notify';
import type { SchedulerRepository, TaskRow } from './repository';
import { errorText, type Outcome, type TaskRunner } from './tasks/task-runner';

export interface SchedulerDeps {
  repo: SchedulerRepository;
  events: EventBus;
  logger: Logger;
  secrets: SecretStore | null;
  runners: Record<TaskType, TaskRunner>;
  connectionExists(id: string): boolean;
  notify?: DesktopNotifier;
  webhook?: WebhookOptions;
  now?: () => Date;
}

const HOUR = 3_600_000;
/** The timer never sleeps longer than this, so a changed clock or a new task is noticed soon. */
const MAX_SLEEP_MS = 60_000;
/** A slot fired later than this counts as caught up rather than on schedule. */
const LATE_MS = 2 * 60_000;

const webhookAccount = (taskId: string) => `scheduler/${taskId}/webhook`;

export class Scheduler {
  private readonly now: () => Date;
  private readonly running = new Map<string, Promise<Execution>>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;

  constructor(private readonly deps: SchedulerDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Marks what a dead process left running, then fires what is due and keeps firing. */
  start(): void {
    const marked = this.deps.repo.markInterrupted(this.now().toISOString());
    if (marked > 0)
      this.deps.logger.warn(`${marked} scheduled execution(s) were interrupted by a previous exit`);
    this.stopped = false;
    void this.checkDue();
  }

  /** Stops the timer and waits (bounded) for executions under way; the rest read interrupted next time. */
  async close(waitMs = 5000): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const pending = [...this.running.values()].map((p) => p.catch(() => undefined));
    if (pending.length === 0) return;
    let t: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(pending),
      new Promise((r) => {
        t = setTimeout(r, waitMs);
      }),
    ]);
    clearTimeout(t);
  }

  list(): Task[] {
    return this.deps.repo.tasks().map((t) => this.view(t));
  }

  get(id: string): Task {
    return this.view(this.row(id));
  }

  async create(input: TaskCreate): Promise<Task> {
    this.requireConnection(input.connection_id);
    const schedule = parseSchedule(input.cron_schedule, input.timezone);
    this.validateParams(input.task_type, input.params);
    const now = this.now().toISOString();
    const row: TaskRow = {
      id: randomUUID(),
      name: input.name,
      task_type: input.task_type,
      connection_id: input.connection_id,
      cron_schedule: input.cron_schedule,
      timezone: input.timezone,
      is_active: input.is_active,
      inactive_reason: null,
      params: input.params,
      has_webhook: false,
      catch_up_hours: input.catch_up_hours,
      created_at: now,
      updated_at: now,
      last_slot: null,
    };
    if (input.webhook_url) {
      await this.requireSecrets().set(webhookAccount(row.id), input.webhook_url);
      row.has_webhook = true;
    }
    this.deps.repo.insertTask(row);
    this.deps.logger.info(`scheduled task ${row.id} created (${row.task_type}, ${schedule.text})`);
    this.changed(row.id);
    return this.view(row);
  }

  async update(input: TaskUpdate): Promise<Task> {
    const before = this.row(input.id);
    const next: TaskRow = {
      ...before,
      name: input.name ?? before.name,
      connection_id: input.connection_id ?? before.connection_id,
      cron_schedule: input.cron_schedule ?? before.cron_schedule,
      timezone: input.timezone ?? before.timezone,
      params: input.params ?? before.params,
      is_active: input.is_active ?? before.is_active,
      catch_up_hours: input.catch_up_hours ?? before.catch_up_hours,
      updated_at: this.now().toISOString(),
    };
    if (input.connection_id !== undefined) this.requireConnection(next.connection_id);
    if (next.is_active && !this.deps.connectionExists(next.connection_id)) {
      throw new AppError(
        'CONFLICT',
        `The task's connection no longer exists; choose another connection to activate it.`,
      );
    }
    parseSchedule(next.cron_schedule, next.timezone);
    this.validateParams(next.task_type, next.params);
    if (next.is_active) next.inactive_reason = null;
    // A new schedule, or waking a paused task, counts from now: no catch-up of the time it slept.
    if (
      input.cron_schedule !== undefined ||
      input.timezone !== undefined ||
      (next.is_active && !before.is_active)
    )
      next.last_slot = next.updated_at;
    if (input.webhook_url !== undefined) {
      if (input.webhook_url === null) {
        if (this.deps.secrets) await this.deps.secrets.delete(webhookAccount(next.id));
        next.has_webhook = false;
      } else {
        await this.requireSecrets().set(webhookAccount(next.id), input.webhook_url);
        next.has_webhook = true;
      }
    }
    this.deps.repo.updateTask(next);
    this.changed(next.id);
    this.arm();
    return this.view(next);
  }

  async delete(id: string): Promise<{ message: string }> {
    const t = this.row(id);
    if (this.running.has(id))
      throw new AppError(
        'CONFLICT',
        `Task '${t.name}' is running; wait for it to end, then delete it.`,
      );
    if (t.has_webhook && this.deps.secrets) await this.deps.secrets.delete(webhookAccount(id));
    this.deps.repo.deleteTask(id);
    this.changed(id);
    return { message: `Scheduled task '${t.name}' deleted.` };
  }

  executions(id: string, limit: number): Execution[] {
    this.row(id);
    return this.deps.repo.executions(id, limit);
  }

  /** Starts an execution now; answers with it at once, while it runs. */
  runNow(id: string): Execution {
    const t = this.row(id);
    if (this.running.has(id))
      throw new AppError('CONFLICT', `Task '${t.name}' is already running; wait for it to end.`);
    if (!this.deps.connectionExists(t.connection_id))
      throw new AppError(
        'CONFLICT',
        `Task '${t.name}' has no connection any more: ${t.inactive_reason ?? 'it was deleted'}.`,
      );
    return this.begin(t, 'manual', null).started;
  }

  /** Resolves when the task's current execution (if any) has ended. */
  async settled(id: string): Promise<void> {
    await this.running.get(id)?.catch(() => undefined);
  }

  /** Tasks of a deleted connection become inactive, as connections-api.md says. */
  connectionRemoved(connectionId: string): void {
    const ids = this.deps.repo.deactivateForConnection(
      connectionId,
      'its connection was deleted',
      this.now().toISOString(),
    );
    for (const id of ids) {
      this.deps.logger.info(`scheduled task ${id} deactivated: its connection was deleted`);
      this.changed(id);
    }
  }

  /**
   * Fires each active task whose latest slot has come since the last one it fired or skipped.
   * Only the latest slot counts, so a week offline gives one catch-up run, not seven.
   */
  checkDue(): Promise<Execution>[] {
    const now = this.now();
    const started: Promise<Execution>[] = [];
    for (const t of this.deps.repo.tasks()) {
      if (!t.is_active) continue;
      const slot = this.schedule(t)?.previous(now);
      if (!slot || slot.getTime() <= Date.parse(t.last_slot ?? t.created_at)) continue;
      this.deps.repo.setLastSlot(t.id, slot.toISOString());
      const late = now.getTime() - slot.getTime();
      // A slot within LATE_MS is on time, whatever the catch-up window (0 h means none).
      if (late > Math.max(t.catch_up_hours * HOUR, LATE_MS)) {
        this.record(
          t,
          'catch_up',
          slot,
          'skipped',
          `Missed at ${slot.toISOString()} while Benchphant was not running; older than ${t.catch_up_hours} h, so not run now.`,
        );
        continue;
      }
      if (this.running.has(t.id)) {
        this.record(
          t,
          'schedule',
          slot,
          'skipped',
          'skipped: the previous execution was still running.',
        );
        continue;
      }
      started.push(this.begin(t, late > LATE_MS ? 'catch_up' : 'schedule', slot).done);
    }
    this.arm();
    return started;
  }

  describe(expression: string, timezone: string, count: number): { text: string; next: string[] } {
    const s = parseSchedule(expression, timezone);
    return { text: s.text, next: s.nextRuns(count, this.now()).map((d) => d.toISOString()) };
  }

  private begin(
    t: TaskRow,
    trigger: Execution['trigger'],
    slot: Date | null,
  ): { started: Execution; done: Promise<Execution> } {
    const started: Execution = {
      id: randomUUID(),
      task_id: t.id,
      status: 'running',
      trigger,
      scheduled_for: slot?.toISOString() ?? null,
      started_at: this.now().toISOString(),
      finished_at: null,
      duration_ms: null,
      summary: '',
      output: {},
    };
    this.deps.repo.insertExecution(started);
    this.changed(t.id, started.id);
    const done = this.finish(t, started.id).finally(() => this.running.delete(t.id));
    this.running.set(t.id, done);
    return { started, done };
  }

  private async finish(t: TaskRow, executionId: string): Promise<Execution> {
    let outcome: Outcome;
    try {
      outcome = await this.deps.runners[t.task_type].run(t);
    } catch (err) {
      outcome = { status: 'failed', summary: errorText(err), output: {} };
    }
    this.deps.repo.finishExecution(
      executionId,
      outcome.status,
      outcome.summary,
      outcome.output,
      this.now().toISOString(),
    );
    let e = this.deps.repo.execution(executionId)!;
    this.deps.logger.info(`scheduled task ${t.id} ${e.status}: ${e.summary}`);
    if (e.status === 'failed' || e.status === 'regressed') e = await this.alert(t, e);
    this.changed(t.id, executionId);
    return e;
  }

  /** Desktop notification and webhook; what the webhook did is kept with the execution. */
  private async alert(t: TaskRow, e: Execution): Promise<Execution> {
    this.deps.notify?.(noticeOf(t, e));
    if (!t.has_webhook || !this.deps.secrets) return e;
    const url = await this.deps.secrets.get(webhookAccount(t.id));
    if (!url) return e;
    const webhook = await postWebhook(url, t, e, this.deps.webhook);
    if (!webhook.delivered)
      this.deps.logger.warn(`scheduled task ${t.id}: webhook not delivered: ${webhook.error}`);
    const output = { ...e.output, webhook };
    this.deps.repo.finishExecution(e.id, e.status, e.summary, output, e.finished_at!);
    return { ...e, output };
  }

  private record(
    t: TaskRow,
    trigger: Execution['trigger'],
    slot: Date,
    status: 'skipped',
    summary: string,
  ): void {
    const at = this.now().toISOString();
    const id = randomUUID();
    this.deps.repo.insertExecution({
      id,
      task_id: t.id,
      status,
      trigger,
      scheduled_for: slot.toISOString(),
      started_at: at,
      finished_at: at,
      summary,
      output: {},
    });
    this.deps.logger.info(`scheduled task ${t.id} ${status}: ${summary}`);
    this.changed(t.id, id);
  }

  /** One timer for every task: until the earliest next run, at most a minute. */
  private arm(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const now = this.now().getTime();
    let wait = MAX_SLEEP_MS;
    for (const t of this.deps.repo.tasks()) {
      const next = t.is_active ? this.schedule(t)?.next(this.now()) : null;
      if (next) wait = Math.min(wait, Math.max(next.getTime() - now, 0));
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.checkDue();
    }, wait + 5);
    this.timer.unref();
  }

  private view(t: TaskRow): Task {
    const schedule = this.schedule(t);
    const last = this.deps.repo.lastExecution(t.id);
    return {
      id: t.id,
      name: t.name,
      task_type: t.task_type,
      connection_id: t.connection_id,
      cron_schedule: t.cron_schedule,
      schedule_text: schedule?.text ?? 'not a valid schedule',
      timezone: t.timezone,
      is_active: t.is_active,
      inactive_reason: t.inactive_reason,
      params: t.params,
      has_webhook: t.has_webhook,
      catch_up_hours: t.catch_up_hours,
      created_at: t.created_at,
      updated_at: t.updated_at,
      next_run_at: (t.is_active && schedule?.next(this.now())?.toISOString()) || null,
      last_run: last && {
        status: last.status,
        started_at: last.started_at,
        finished_at: last.finished_at,
        summary: last.summary,
      },
    };
  }

  /** A stored task's schedule; null (logged) if a stored expression no longer parses. */
  private schedule(t: TaskRow): Schedule | null {
    try {
      return parseSchedule(t.cron_schedule, t.timezone);
    } catch (err) {
      this.deps.logger.warn(`scheduled task ${t.id}: ${errorText(err)}`);
      return null;
    }
  }

  private validateParams(type: TaskType, params: Record<string, unknown>): void {
    try {
      this.deps.runners[type].validate(params);
    } catch (err) {
      if (err instanceof AppError) throw err;
      const text =
        err instanceof ZodError
          ? err.issues
              .map((i) => `${i.path.length ? `params.${i.path.join('.')}: ` : ''}${i.message}`)
              .join('; ')
          : errorText(err);
      throw new AppError('BAD_INPUT', `${type} task: ${text}`);
    }
  }

  private requireConnection(id: string): void {
    if (!this.deps.connectionExists(id))
      throw new AppError(
        'NOT_FOUND',
        `No connection with id ${id}: a task needs a saved connection.`,
      );
  }

  private requireSecrets(): SecretStore {
    if (!this.deps.secrets)
      throw new AppError(
        'SECRET_STORE_UNAVAILABLE',
        'A webhook URL is kept in the secret store, and none is available: set BENCHPHANT_MASTER_KEY or use the OS keychain.',
      );
    return this.deps.secrets;
  }

  private row(id: string): TaskRow {
    const t = this.deps.repo.task(id);
    if (!t) throw new AppError('NOT_FOUND', `No scheduled task with id ${id}.`);
    return t;
  }

  private changed(taskId: string, executionId?: string): void {
    this.deps.events.emit('scheduler.changed', { task_id: taskId, execution_id: executionId });
  }
}
