// Runs in every process. Run plans (issue 5, item 2): one benchmark repeated k times, one setting
// swept over values, or the capacity finder raising an open-loop rate until a latency objective breaks.
import { z } from 'zod';
import { idSchema } from '../model/connection';
import { runMetricsSchema, runStartSchema, RUN_STATUSES, WORKLOAD_TYPES } from './benchmarks';
import { event, operation } from './define';

export const PLAN_KINDS = ['repeat', 'sweep', 'capacity'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

export const PLAN_STATUSES = [
  'running',
  'completed',
  'failed',
  'cancelled',
  'interrupted',
] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** Settings of the run a sweep can vary besides the workload's own parameters (tables, table_size, scale, …). */
export const SWEEP_SETTINGS = ['threads', 'rate', 'pipeline'] as const;

export const OBJECTIVE_METRICS = ['p50', 'p95', 'p99'] as const;
export type ObjectiveMetric = (typeof OBJECTIVE_METRICS)[number];

/** The most runs one plan may hold. */
export const MAX_PLAN_RUNS = 200;

export const sweepSchema = z.object({
  /** `threads`, `rate`, `pipeline`, or the name of a workload parameter (e.g. `table_size`). */
  parameter: z
    .string()
    .trim()
    .regex(
      /^[a-z_][a-z0-9_]{0,62}$/,
      'parameter must be threads, rate, pipeline or a workload parameter name',
    ),
  values: z
    .array(z.number().positive('sweep values must be positive'))
    .min(2, 'a sweep needs at least two values')
    .max(64),
});
export type Sweep = z.infer<typeof sweepSchema>;

export const capacitySchema = z.object({
  /** The latency objective each step must meet, e.g. p99 ≤ 20 ms. */
  objective: z.object({
    metric: z.enum(OBJECTIVE_METRICS),
    max_ms: z.number().positive(),
  }),
  /** Open-loop rate of the first step, transactions per second. */
  start_rate: z.number().positive().max(10_000_000),
  /** The next step's rate: the previous one times `factor`, or plus `increment`. */
  step: z.union([
    z.object({ factor: z.number().gt(1, 'a step factor must be above 1').max(100) }),
    z.object({ increment: z.number().positive() }),
  ]),
  /** The last rate tried. */
  max_rate: z.number().positive().max(10_000_000),
  /**
   * Refine the answer: once a step breaks, bisect between the last good and the first bad rate
   * until they are within this fraction of the good one (0.05: within 5 %). Absent: the ladder's
   * steps only.
   */
  precision: z
    .number()
    .min(0.005, 'a precision below 0.5 % would take more runs than the noise allows')
    .max(0.5)
    .optional(),
});
export type Capacity = z.infer<typeof capacitySchema>;

export const planStartSchema = z.object({
  /** The run every run of the plan starts from. */
  base: runStartSchema,
  kind: z.enum(PLAN_KINDS, { error: `kind must be one of: ${PLAN_KINDS.join(', ')}` }),
  /** Repetitions of each point: default 3 for `repeat`, 1 for `sweep` (capacity steps run once). */
  repeat: z.number().int().min(1).max(50).optional(),
  sweep: sweepSchema.optional(),
  capacity: capacitySchema.optional(),
});
export type PlanStart = z.infer<typeof planStartSchema>;

/** Mean of the repetitions, their sample standard deviation and the mean's 95% confidence interval (Student t); one run's interval is its value. */
export const statSchema = z.object({
  n: z.number().int(),
  mean: z.number(),
  stddev: z.number(),
  ci_low: z.number(),
  ci_high: z.number(),
});
export type Stat = z.infer<typeof statSchema>;

/** A repeat whose 95% CI is wider than ± this share of its mean is too noisy to quote. */
export const NOISY_CI = 0.1;

/** Half the 95% CI as a share of the mean (0.1: ±10 %); null without a spread to speak of. */
export function ciSpread(stat: Stat): number | null {
  if (stat.n < 2 || stat.mean === 0) return null;
  return (stat.ci_high - stat.ci_low) / 2 / Math.abs(stat.mean);
}

export const FIGURES = ['qps', 'tps', 'p50', 'p95', 'p99'] as const;
export type Figure = (typeof FIGURES)[number];
const figureStatsSchema = z.record(z.enum(FIGURES), statSchema);
export type FigureStats = z.infer<typeof figureStatsSchema>;

export const planRunSchema = z.object({
  run_id: idSchema,
  /** Order in the plan, from 0. */
  seq: z.number().int(),
  /** The sweep value or capacity step this run belongs to (0 for a repeat). */
  point: z.number().int(),
  /** The swept value or the step's target rate; null for a repeat. */
  value: z.number().nullable(),
  status: z.enum(RUN_STATUSES),
  metrics: runMetricsSchema.nullable(),
});
export type PlanRun = z.infer<typeof planRunSchema>;

export const CAPACITY_VERDICTS = [
  'pass',
  'latency',
  'short',
  'saturated',
  'errors',
  'failed',
] as const;
export type CapacityVerdict = (typeof CAPACITY_VERDICTS)[number];

export const capacityStepSchema = z.object({
  run_id: idSchema,
  /** The requested rate, transactions per second. */
  rate: z.number(),
  /** The transactions per second measured. */
  achieved: z.number(),
  /** The objective's percentile, milliseconds. */
  latency_ms: z.number(),
  p99: z.number(),
  /** `pass`, or why the step broke: latency over the objective, achieved rate > 5% short (beyond the Poisson noise of a short step), saturated, errors over 1%, failed run. */
  verdict: z.enum(CAPACITY_VERDICTS),
  reason: z.string(),
});
export type CapacityStep = z.infer<typeof capacityStepSchema>;

export const planSummarySchema = z.object({
  id: idSchema,
  kind: z.enum(PLAN_KINDS),
  status: z.enum(PLAN_STATUSES),
  connection_id: z.string(),
  type: z.enum(WORKLOAD_TYPES),
  /** Runs finished (in any state) and runs the plan holds; a capacity search ends early when the objective breaks. */
  runs_done: z.number().int(),
  runs_total: z.number().int(),
  created_at: z.iso.datetime(),
  end_time: z.iso.datetime().nullable(),
  /** Why the plan stopped, or what its result means, written for the user. */
  message: z.string().nullable(),
});
export type PlanSummary = z.infer<typeof planSummarySchema>;

export const planViewSchema = planSummarySchema.extend({
  config: planStartSchema.extend({ base: runStartSchema.omit({ allow_production: true }) }),
  /** 0..1 over the whole plan, the current run's measured share included. */
  progress: z.number(),
  current_run_id: idSchema.nullable(),
  runs: z.array(planRunSchema),
  /** Repeat: mean and 95% CI of each figure over the completed runs. */
  repeat: figureStatsSchema.nullable(),
  /** Sweep: the scalability curve (value → figures) and latency against throughput (QPS → p99). */
  sweep: z
    .object({
      parameter: z.string(),
      points: z.array(
        z.object({
          value: z.number(),
          figures: figureStatsSchema,
          /** Whether QPS here differs from the value before beyond the run-to-run noise; null without two runs on each side. */
          vs_previous: z
            .object({
              test: z.literal("Welch's t-test"),
              p_value: z.number(),
              /** p below alpha (0.05). */
              significant: z.boolean(),
            })
            .nullable(),
        }),
      ),
      latency_throughput: z.array(
        z.object({ value: z.number(), qps: z.number(), p99: z.number() }),
      ),
    })
    .nullable(),
  /** Capacity: every step tried and the highest rate that met the objective (null when none did). */
  capacity: z
    .object({
      steps: z.array(capacityStepSchema),
      result: z
        .object({
          rate: z.number(),
          achieved: z.number(),
          latency_ms: z.number(),
          run_id: idSchema,
        })
        .nullable(),
    })
    .nullable(),
});
export type PlanView = z.infer<typeof planViewSchema>;

const byId = z.object({ id: idSchema });

export const planOperations = {
  /** Start a plan; its runs go through the engine one after another in the background. */
  'plans.start': operation({
    doc: 'Start a run plan (repeat, sweep or capacity search).',
    input: planStartSchema,
    output: planSummarySchema,
    rest: { method: 'POST', path: '/api/v1/plans', status: 201 },
  }),
  /** Progress, each run's figures, and the plan's result so far. */
  'plans.get': operation({
    doc: 'Status, runs and results of a run plan.',
    input: byId,
    output: planViewSchema,
    rest: { method: 'GET', path: '/api/v1/plans/{id}' },
  }),
  /** Every plan, newest first. */
  'plans.list': operation({
    doc: 'List run plans.',
    input: z.object({}).default({}),
    output: z.array(planSummarySchema),
    rest: { method: 'GET', path: '/api/v1/plans' },
  }),
  /** Stops the current run and starts no other; finished runs are kept. */
  'plans.cancel': operation({
    doc: 'Cancel a run plan.',
    input: byId,
    output: planSummarySchema,
    rest: { method: 'POST', path: '/api/v1/plans/{id}/cancel' },
  }),
};

export const planEvents = {
  /** A plan started or finished a run, its current run measured an interval, or it ended. */
  'plans.progressed': event({
    doc: 'A run plan progressed.',
    payload: z.object({
      id: idSchema,
      status: z.enum(PLAN_STATUSES),
      runs_done: z.number().int(),
      runs_total: z.number().int(),
      progress: z.number(),
      current_run_id: idSchema.nullable(),
      message: z.string().nullable(),
    }),
  }),
};
