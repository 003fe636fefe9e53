// Runs in every process. Results of saved runs: comparison (deltas, overlaid series, percentile
// spectrum, "why is B different?", repetitions with Welch's t-test), export/import, HTML report.
import { z } from 'zod';
import { idSchema, sqlTypeSchema } from '../model/connection';
import {
  intervalSchema,
  runDetailSchema,
  runMetricsSchema,
  runStartSchema,
  runTargetSchema,
  runWarningSchema,
  RUN_STATUSES,
  WORKLOAD_TYPES,
} from './benchmarks';
import { runTopologySchema, topologySummarySchema } from './agents';
import { operation } from './define';
import { runQueryAnalyticsSchema, statementComparisonSchema } from './run-statements';

/** The figures of the comparison table, in column order. */
export const COMPARED_METRICS = [
  'qps',
  'tps',
  'avg',
  'p50',
  'p95',
  'p99',
  'p999',
  'max',
  'errors',
] as const;
export type ComparedMetric = (typeof COMPARED_METRICS)[number];

/** Throughput is better higher; latency and errors are better lower. */
export const METRIC_DIRECTION: Record<ComparedMetric, 'higher_better' | 'lower_better'> = {
  qps: 'higher_better',
  tps: 'higher_better',
  avg: 'lower_better',
  p50: 'lower_better',
  p95: 'lower_better',
  p99: 'lower_better',
  p999: 'lower_better',
  max: 'lower_better',
  errors: 'lower_better',
};

export const METRIC_LABELS: Record<ComparedMetric, { label: string; unit: string }> = {
  qps: { label: 'QPS', unit: 'queries/s' },
  tps: { label: 'TPS', unit: 'transactions/s' },
  avg: { label: 'avg', unit: 'ms' },
  p50: { label: 'p50', unit: 'ms' },
  p95: { label: 'p95', unit: 'ms' },
  p99: { label: 'p99', unit: 'ms' },
  p999: { label: 'p99.9', unit: 'ms' },
  max: { label: 'max', unit: 'ms' },
  errors: { label: 'errors', unit: 'transactions' },
};

/** A change smaller than this (in percent of the baseline) is reported as `same`. */
export const SAME_WITHIN_PERCENT = 2;

const metricKey = z.enum(COMPARED_METRICS);
export type Figures = Record<ComparedMetric, number>;

export const VERDICTS = ['baseline', 'better', 'worse', 'same'] as const;

const figureComparisonSchema = z.object({
  value: z.number(),
  /** (value − baseline) / baseline × 100; null for the baseline itself or a zero baseline. */
  delta_percent: z.number().nullable(),
  verdict: z.enum(VERDICTS),
});
export type FigureComparison = z.infer<typeof figureComparisonSchema>;

const hostMetricsPointSchema = z.object({
  timestamp: z.string(),
  data: z.record(z.string(), z.record(z.string(), z.number().nullable())),
});

/** One report interval's figures of the database or its host: min/avg/max per figure. */
const serverIntervalSchema = z.object({
  /** The interval's `t` (seconds from the start of measurement to its end). */
  t: z.number(),
  values: z.record(z.string(), z.object({ min: z.number(), avg: z.number(), max: z.number() })),
});
export type ServerIntervalFigures = z.infer<typeof serverIntervalSchema>;

/** The database's and its server host's figures over a run, aligned to its intervals. */
export const runServerMetricsSchema = z.object({
  database: z.array(serverIntervalSchema),
  host: z.array(serverIntervalSchema),
});
export type RunServerMetrics = z.infer<typeof runServerMetricsSchema>;

/** Facts about a run's connection a bundle may carry: never a host password or URL. */
const connectionFactsSchema = z.object({
  name: z.string(),
  type: sqlTypeSchema,
  /** The connection was deleted after the run; the name comes from the run's snapshot. */
  deleted: z.boolean().optional(),
});

export const comparedRunSchema = z.object({
  id: idSchema,
  /** A short human name: connection, workload, threads, start time. */
  label: z.string(),
  connection_id: z.string(),
  connection_name: z.string().nullable(),
  type: z.enum(WORKLOAD_TYPES),
  status: z.enum(RUN_STATUSES),
  threads: z.number().int(),
  start_time: z.iso.datetime(),
  tags: z.array(z.string()),
  /** The id the run had where it was measured, when it was imported from a bundle. */
  imported_from: z.string().nullable(),
  /** The repetition group the run belongs to: its plan's (or plan point's) id, or `group-N` for the input's `groups`. */
  group: z.string().nullable(),
  baseline: z.boolean(),
  figures: z.record(metricKey, figureComparisonSchema),
  /** The run's caveats: a saturated or unavailable run is flagged in the table. */
  warnings: z.array(runWarningSchema).default([]),
  /** A distributed run's agents and their share of the load; null for a one-machine run. */
  agents: topologySummarySchema.nullable().default(null),
});
export type ComparedRun = z.infer<typeof comparedRunSchema>;

export const DIFF_CATEGORIES = [
  'server',
  'settings',
  'load',
  'workload',
  'network',
  'client',
] as const;

export const diffEntrySchema = z.object({
  /** Stable key, e.g. `server.version`, `settings.shared_buffers`, `config.threads`. */
  key: z.string(),
  category: z.enum(DIFF_CATEGORIES),
  label: z.string(),
  /** One value per compared run, in the order of `runs`; null where the run did not capture it. */
  values: z.array(z.string().nullable()),
  /** Place in the relevance order: 1 = most likely to explain a difference (entries come sorted). */
  rank: z.number().int(),
  /** Why this kind of difference matters. */
  why: z.string(),
});
export type DiffEntry = z.infer<typeof diffEntrySchema>;

const groupStatSchema = z.object({
  n: z.number().int(),
  mean: z.number(),
  stddev: z.number(),
  /** 95% confidence interval of the mean (Student t with n − 1 degrees of freedom). */
  ci_low: z.number(),
  ci_high: z.number(),
});
export type GroupStat = z.infer<typeof groupStatSchema>;

export const repetitionsSchema = z.object({
  test: z.literal("Welch's t-test"),
  alpha: z.number(),
  confidence: z.number(),
  groups: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      run_ids: z.array(idSchema),
      baseline: z.boolean(),
      stats: z.record(metricKey, groupStatSchema),
    }),
  ),
  /** Each non-baseline group against the baseline group, per metric. */
  comparisons: z.array(
    z.object({
      group_id: z.string(),
      metric: metricKey,
      delta_percent: z.number().nullable(),
      t: z.number().nullable(),
      df: z.number().nullable(),
      p_value: z.number().nullable(),
      /** p < alpha: the difference is larger than the run-to-run noise. */
      significant: z.boolean(),
      /** `same` when not significant; `insufficient` when a group has fewer than two runs. */
      verdict: z.enum(['better', 'worse', 'same', 'insufficient']),
    }),
  ),
});
export type Repetitions = z.infer<typeof repetitionsSchema>;

/** `shape` with `columns` of one length each: the i-th entry of every column is one point. */
function equalColumns<S extends z.ZodObject, K extends keyof z.infer<S> & string>(
  shape: S,
  columns: readonly K[],
) {
  return shape.refine(
    (v) =>
      columns.every((k) => (v[k] as unknown[]).length === (v[columns[0]!] as unknown[]).length),
    { message: `the columns ${columns.join(', ')} must be of one length` },
  );
}

/** A run's measured throughput and p99 latency, one entry per measured interval in each column. */
const runSeriesSchema = equalColumns(
  z.object({
    run_id: idSchema,
    t: z.array(z.number()),
    qps: z.array(z.number()),
    p99: z.array(z.number()),
  }),
  ['t', 'qps', 'p99'],
);

/** The host's CPU and memory during a run, one entry per sample in each column. */
const runHostSchema = equalColumns(
  z.object({
    run_id: idSchema,
    warmup_start: z.number(),
    measure_end: z.number(),
    t: z.array(z.number()),
    cpu_percent: z.array(z.number().nullable()),
    memory_percent: z.array(z.number().nullable()),
  }),
  ['t', 'cpu_percent', 'memory_percent'],
);

export const comparisonSchema = z.object({
  baseline_id: idSchema,
  metrics: z.array(
    z.object({
      key: metricKey,
      label: z.string(),
      unit: z.string(),
      direction: z.enum(['higher_better', 'lower_better']),
    }),
  ),
  runs: z.array(comparedRunSchema),
  /**
   * Measured intervals only, as columns (one entry per interval in each): `t` is seconds since the
   * run's measurement began (end of interval). Columns, not an object per interval: three one-hour
   * runs are 10 800 intervals, and the keys of an object each made most of the answer's bytes.
   */
  series: z.array(runSeriesSchema),
  /** The HDR percentile spectrum from each run's saved histogram; `nines` = −log10(1 − p/100). */
  spectrum: z.array(
    z.object({
      run_id: idSchema,
      points: z.array(z.object({ p: z.number(), nines: z.number(), ms: z.number() })),
    }),
  ),
  /**
   * Host CPU and memory during each run, one entry per sample in each column, on the same time
   * axis as `series` (negative: warm-up and preparation). `warmup_start` is where the warm-up
   * began (≤ 0), `measure_end` where it ended.
   */
  host: z.array(runHostSchema),
  /** "Why is B different?": every captured difference, most plausible cause first. */
  diff: z.array(diffEntrySchema),
  /** Mean, 95% CI and Welch's t-test when a group holds two or more repetitions; else null. */
  repetitions: repetitionsSchema.nullable(),
  /** Statements in the baseline and the other runs with their mean time change; null when no run had statistics. */
  statements: statementComparisonSchema.nullable().optional(),
});
export type Comparison = z.infer<typeof comparisonSchema>;

const runIdsSchema = (what: string, min: 1 | 2) =>
  z
    .array(idSchema)
    .min(min, min === 1 ? 'pick at least one run' : 'pick at least two runs to compare')
    .max(50, `at most 50 runs fit in a ${what}`)
    .refine((ids) => new Set(ids).size === ids.length, `a run can be in a ${what} only once`);

const compareFields = z.object({
  run_ids: runIdsSchema('comparison', 2),
  /** Default: the first of `run_ids`. */
  baseline_id: idSchema.optional(),
  /**
   * Repetitions of the same setup, each a list of run ids. Default: runs of the same plan form a
   * group; runs of no plan stand alone.
   */
  groups: z.array(z.array(idSchema).min(1)).optional(),
});

/** The baseline and the groups must name compared runs, each run in one group at most. */
function checkMembers(
  v: { run_ids: string[]; baseline_id?: string; groups?: string[][] },
  ctx: z.RefinementCtx,
): void {
  if (v.baseline_id !== undefined && !v.run_ids.includes(v.baseline_id))
    ctx.addIssue({
      code: 'custom',
      path: ['baseline_id'],
      message: 'baseline_id must be one of run_ids',
    });
  const grouped = (v.groups ?? []).flat();
  if (grouped.some((id) => !v.run_ids.includes(id)))
    ctx.addIssue({ code: 'custom', path: ['groups'], message: 'groups may hold only run_ids' });
  if (new Set(grouped).size !== grouped.length)
    ctx.addIssue({ code: 'custom', path: ['groups'], message: 'a run can be in one group only' });
}

export const compareInputSchema = compareFields
  .extend({
    /**
     * false: `series` and `host` come empty, for a client that reads each run's with
     * `results.runSeries` (three one-hour runs are most of a megabyte in one answer).
     */
    series: z.boolean().default(true),
  })
  .superRefine(checkMembers);

/** The portable run bundle: everything about one run, no secret. */
export const RUN_BUNDLE_FORMAT = 'benchphant-run';
export const RUN_BUNDLE_VERSION = 1;

export const runBundleSchema = z.object({
  format: z.literal(RUN_BUNDLE_FORMAT, {
    error: `not a Benchphant run bundle (format must be "${RUN_BUNDLE_FORMAT}")`,
  }),
  version: z.literal(RUN_BUNDLE_VERSION, {
    error: `this bundle's version is not supported; this Benchphant reads version ${RUN_BUNDLE_VERSION}`,
  }),
  exported_at: z.iso.datetime(),
  exported_by: z.string(),
  run: z.object({
    /** The run's id where it was measured. */
    id: idSchema,
    connection_id: z.string(),
    connection: connectionFactsSchema.nullable(),
    type: z.enum(WORKLOAD_TYPES),
    status: z.enum(RUN_STATUSES),
    threads: z.number().int(),
    duration: z.number(),
    start_time: z.iso.datetime(),
    end_time: z.iso.datetime().nullable(),
    message: z.string().nullable(),
    tags: z.array(z.string()),
    notes: z.string(),
    /** Set when this bundle was itself exported from an imported run. */
    imported_from: z.string().nullable(),
    config: runStartSchema.omit({ allow_production: true }),
    server: z
      .object({ version: z.string(), settings: z.record(z.string(), z.string()) })
      .nullable(),
    client: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
    metrics: runMetricsSchema.nullable(),
    detail: runDetailSchema.nullable(),
    /** The measured HDR histogram (µs), compressed and base64-encoded as HdrHistogram does. */
    histogram: z.string().nullable(),
    /** Caveats about the figures (absent in bundles written before warnings existed). */
    warnings: z.array(runWarningSchema).default([]),
    /**
     * The server measured, as it was at the start, without its address: as with `connection`,
     * host and port stay where the run was measured (absent in older bundles).
     */
    target: runTargetSchema.omit({ host: true, port: true }).nullable().default(null),
  }),
  /** Every report interval, warm-up included, with its server counters. */
  intervals: z.array(intervalSchema),
  /** Host samples taken during the run. */
  host_metrics: z.array(hostMetricsPointSchema),
  /** Statement statistics of the measured window (absent in older bundles). */
  query_analytics: runQueryAnalyticsSchema.nullable().optional(),
  /** The database's and its server host's figures per interval (absent in older bundles). */
  server_metrics: runServerMetricsSchema.default({ database: [], host: [] }),
  /** A distributed run's topology: each agent, its clock, health and per-interval figures (absent in older bundles). */
  agents: runTopologySchema.nullable().default(null),
});
export type RunBundle = z.infer<typeof runBundleSchema>;

export const resultsOperations = {
  /** Two or more runs side by side: deltas vs the baseline, series, spectrum, diff, statistics. */
  'results.compare': operation({
    doc: 'Compare saved benchmark runs.',
    input: compareInputSchema,
    output: comparisonSchema,
    rest: { method: 'POST', path: '/api/v1/results/compare' },
  }),
  /** A run as a portable JSON bundle or as CSV (summary and intervals). */
  'results.export': operation({
    doc: 'Export a run as a JSON bundle or CSV.',
    input: z.object({ id: idSchema, format: z.enum(['json', 'csv']).default('json') }),
    output: z.object({
      filename: z.string(),
      media_type: z.string(),
      /** The file's text: the bundle as JSON, or the CSV. */
      content: z.string(),
    }),
    rest: { method: 'GET', path: '/api/v1/results/{id}/export' },
  }),
  /** One run's entries of a comparison's `series` and `host`, for a client that asks per run. */
  'results.runSeries': operation({
    doc: "A run's measured QPS and p99 and its host's CPU and memory, as columns.",
    input: z.object({ id: idSchema }),
    output: z.object({ series: runSeriesSchema, host: runHostSchema }),
    rest: { method: 'GET', path: '/api/v1/results/{id}/series' },
  }),
  /** The database's and its server host's figures over a run, per report interval. */
  'results.serverMetrics': operation({
    doc: "A run's database and server host metrics, aligned to its intervals.",
    input: z.object({ id: idSchema }),
    output: runServerMetricsSchema,
    rest: { method: 'GET', path: '/api/v1/results/{id}/server-metrics' },
  }),
  /** Store a bundle as a new run (new id, marked imported, original id kept). */
  'results.import': operation({
    doc: 'Import a run bundle.',
    input: z.object({ bundle: runBundleSchema }),
    output: z.object({ id: idSchema, imported_from: z.string(), message: z.string() }),
    // A bundle carries every interval and host sample: an hour-long run is a few megabytes.
    rest: {
      method: 'POST',
      path: '/api/v1/results/import',
      status: 201,
      maxBodyBytes: 64 * 1024 * 1024,
    },
  }),
  /** A self-contained HTML report of a comparison: inline CSS and SVG, no script, opens offline. */
  'results.report': operation({
    doc: 'An HTML report of a comparison.',
    input: compareFields
      .extend({
        /** One run gives a report of that run alone. */
        run_ids: runIdsSchema('report', 1),
        title: z.string().trim().min(1).max(200).optional(),
      })
      .superRefine(checkMembers),
    output: z.object({ filename: z.string(), media_type: z.string(), html: z.string() }),
    rest: { method: 'POST', path: '/api/v1/results/report' },
  }),
};
