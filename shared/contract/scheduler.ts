// Runs in every process. Scheduled tasks (connections-api.md "scheduler/tasks"): a task uses a saved
// connection on a cron schedule — nightly benchmarks with thresholds, statement analytics, backups.
import { z } from 'zod';
import { idSchema } from '../model/connection';
import { profileConfigSchema } from './profiles';
import { event, operation } from './define';

export const TASK_TYPES = ['benchmark', 'log_analysis', 'backup', 'connection_check'] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export const EXECUTION_STATUSES = [
  'running',
  'succeeded',
  'failed',
  /** A benchmark whose comparison with its baseline crossed a threshold. */
  'regressed',
  /** Not run: missed while the app was closed for too long, or another benchmark was running. */
  'skipped',
  /** Benchphant stopped while it ran. */
  'interrupted',
] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/** What a `benchmark` task runs and what it is held to. */
export const benchmarkTaskParamsSchema = z
  .object({
    /** A saved profile's name, or `run`: the settings written out. */
    profile: z.string().trim().min(1).max(100).optional(),
    run: profileConfigSchema.optional(),
    /** `previous`: the task's last successful run; otherwise a pinned run's id. */
    baseline: z.union([z.literal('previous'), idSchema]).default('previous'),
    /** The language of `compare --fail-on`, e.g. "p99>+10%,qps<-5%". */
    fail_on: z.string().trim().min(1).max(500).default('p99>+10%,qps<-5%'),
    /** Needed for a connection whose environment is production. */
    allow_production: z.boolean().default(false),
    /** How long to wait for a benchmark under way before recording `skipped: busy` (default 600 s). */
    busy_wait_s: z
      .number()
      .int()
      .min(0)
      .max(6 * 3600)
      .optional(),
  })
  .refine((p) => (p.profile === undefined) !== (p.run === undefined), {
    message: 'a benchmark task needs either profile (a saved profile name) or run (the settings)',
  });

export const logAnalysisTaskParamsSchema = z.object({
  /** Statements listed in the report, by total time. */
  top: z.number().int().min(1).max(500).default(20),
  /** A statement whose mean time grew by more than this percentage is reported as slower. */
  slower_percent: z.number().min(1).max(100_000).default(50),
});

export const backupTaskParamsSchema = z
  .object({
    tenant_ids: z.array(z.string().min(1).max(100)).max(10_000).optional(),
    /** Every tenant of this blueprint. */
    blueprint: z.string().min(1).max(100).optional(),
    /** Backups kept per tenant (older ones made by this task are removed). */
    keep: z.number().int().min(1).max(1000).default(7),
  })
  .refine((p) => p.tenant_ids !== undefined || p.blueprint !== undefined, {
    message: 'a backup task needs tenant_ids or blueprint',
  });

export const connectionCheckTaskParamsSchema = z.object({});

/** One schema per task type; the service validates `params` with the one its type names. */
export const TASK_PARAMS = {
  benchmark: benchmarkTaskParamsSchema,
  log_analysis: logAnalysisTaskParamsSchema,
  backup: backupTaskParamsSchema,
  connection_check: connectionCheckTaskParamsSchema,
} as const satisfies Record<TaskType, z.ZodType>;

const cronSchema = z.string().trim().min(1, 'cron_schedule must not be empty').max(200);
const timezoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'timezone must be an IANA time zone such as UTC or Europe/Berlin');
/** The spec's example sends a number; ids here are UUIDs, so a number is an unknown connection. */
const connectionRef = z
  .union([z.string().trim().min(1).max(100), z.number().int()])
  .transform(String);
const webhookSchema = z
  .url({ protocol: /^https?$/, error: 'webhook_url must be an http(s) URL' })
  .max(2000)
  .nullable();

export const lastRunSchema = z.object({
  status: z.enum(EXECUTION_STATUSES),
  started_at: z.iso.datetime(),
  finished_at: z.iso.datetime().nullable(),
  summary: z.string(),
});

export const taskSchema = z.object({
  id: idSchema,
  name: z.string(),
  task_type: z.enum(TASK_TYPES),
  connection_id: z.string(),
  cron_schedule: z.string(),
  /** The schedule in words, e.g. "every day at 02:00". */
  schedule_text: z.string(),
  timezone: z.string(),
  is_active: z.boolean(),
  /** Why the task is inactive when Benchphant made it so (e.g. its connection was deleted). */
  inactive_reason: z.string().nullable(),
  params: z.record(z.string(), z.unknown()),
  /** Whether a webhook is set; its URL is a secret and never returned. */
  has_webhook: z.boolean(),
  /** A run missed while Benchphant was closed runs once at start if it is at most this old. */
  catch_up_hours: z.number(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  next_run_at: z.iso.datetime().nullable(),
  last_run: lastRunSchema.nullable(),
});
export type Task = z.infer<typeof taskSchema>;

export const executionSchema = z.object({
  id: idSchema,
  task_id: idSchema,
  status: z.enum(EXECUTION_STATUSES),
  /** `schedule`, `catch_up` (missed while closed), or `manual` (Run now). */
  trigger: z.enum(['schedule', 'catch_up', 'manual']),
  scheduled_for: z.iso.datetime().nullable(),
  started_at: z.iso.datetime(),
  finished_at: z.iso.datetime().nullable(),
  duration_ms: z.number().nullable(),
  summary: z.string(),
  /** What the execution produced: a run (and its baseline), a statement report, backups. */
  output: z.record(z.string(), z.unknown()),
});
export type Execution = z.infer<typeof executionSchema>;

const taskFields = {
  name: z.string().trim().min(1, 'a task needs a name').max(200),
  task_type: z.enum(TASK_TYPES, { error: `task_type must be one of: ${TASK_TYPES.join(', ')}` }),
  connection_id: connectionRef,
  cron_schedule: cronSchema,
  timezone: timezoneSchema,
  is_active: z.boolean(),
  params: z.record(z.string(), z.unknown()),
  /** POSTed a JSON summary (with a Slack-compatible `text`) when an execution fails or regresses. */
  webhook_url: webhookSchema,
  catch_up_hours: z.number().min(0).max(168),
};

export const taskCreateSchema = z.object({
  ...taskFields,
  timezone: taskFields.timezone.default('UTC'),
  is_active: taskFields.is_active.default(true),
  params: taskFields.params.default({}),
  webhook_url: taskFields.webhook_url.default(null),
  catch_up_hours: taskFields.catch_up_hours.default(12),
});
export type TaskCreate = z.infer<typeof taskCreateSchema>;

export const taskUpdateSchema = z.object({
  id: idSchema,
  name: taskFields.name.optional(),
  connection_id: connectionRef.optional(),
  cron_schedule: cronSchema.optional(),
  timezone: timezoneSchema.optional(),
  is_active: z.boolean().optional(),
  params: taskFields.params.optional(),
  webhook_url: webhookSchema.optional(),
  catch_up_hours: taskFields.catch_up_hours.optional(),
});
export type TaskUpdate = z.infer<typeof taskUpdateSchema>;

const byId = z.object({ id: idSchema });

export const schedulerOperations = {
  /** Every task with its next run and last execution. */
  'scheduler.list': operation({
    doc: 'List scheduled tasks.',
    input: z.object({}).default({}),
    output: z.array(taskSchema),
    rest: { method: 'GET', path: '/api/v1/scheduler/tasks' },
  }),
  'scheduler.get': operation({
    doc: 'One scheduled task.',
    input: byId,
    output: taskSchema,
    rest: { method: 'GET', path: '/api/v1/scheduler/tasks/{id}' },
  }),
  /** The spec's body (name, task_type, connection_id, cron_schedule) is enough. */
  'scheduler.create': operation({
    doc: 'Create a scheduled task.',
    input: taskCreateSchema,
    output: taskSchema,
    rest: { method: 'POST', path: '/api/v1/scheduler/tasks', status: 201 },
  }),
  /** Changes only the fields given. */
  'scheduler.update': operation({
    doc: 'Update a scheduled task.',
    input: taskUpdateSchema,
    output: taskSchema,
    rest: { method: 'PUT', path: '/api/v1/scheduler/tasks/{id}' },
  }),
  'scheduler.delete': operation({
    doc: 'Delete a scheduled task and its history.',
    input: byId,
    output: z.object({ message: z.string() }),
    rest: { method: 'DELETE', path: '/api/v1/scheduler/tasks/{id}' },
  }),
  /** Run a task now, outside its schedule; answers once the execution has started. */
  'scheduler.run': operation({
    doc: 'Run a scheduled task now.',
    input: byId,
    output: executionSchema,
    rest: { method: 'POST', path: '/api/v1/scheduler/tasks/{id}/run', status: 202 },
  }),
  /** A task's executions, newest first. */
  'scheduler.executions': operation({
    doc: 'Execution history of a scheduled task.',
    input: z.object({ id: idSchema, limit: z.coerce.number().int().min(1).max(1000).default(50) }),
    output: z.array(executionSchema),
    rest: { method: 'GET', path: '/api/v1/scheduler/tasks/{id}/executions' },
  }),
  /** A cron expression checked, in words, with its next runs: what the task form shows. */
  'scheduler.describe': operation({
    doc: 'Check a cron expression and list its next runs.',
    input: z.object({
      cron_schedule: cronSchema,
      timezone: timezoneSchema.default('UTC'),
      count: z.number().int().min(1).max(20).default(3),
    }),
    output: z.object({ text: z.string(), next: z.array(z.iso.datetime()) }),
    rest: { method: 'POST', path: '/api/v1/scheduler/describe' },
  }),
};

export const schedulerEvents = {
  /** A task was created, changed or deleted, or one of its executions started or ended. */
  'scheduler.changed': event({
    doc: 'A scheduled task or one of its executions changed.',
    payload: z.object({ task_id: idSchema, execution_id: idSchema.optional() }),
  }),
};
