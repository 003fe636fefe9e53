// Runs in every process. Benchmark runs (benchphant-api.md "Benchmarks"): start, status, list,
// cancel, delete, intervals, and the live progress event. Latencies are milliseconds with µs resolution.
import { z } from 'zod';
import { parameterProblem } from '../model/benchmark-data';
import { idSchema, sqlTypeSchema } from '../model/connection';
import { agentsSpecSchema } from './agents';
import { event, operation } from './define';
import { runQueryAnalyticsSchema } from './run-statements';

export const RUN_STATUSES = [
  'preparing',
  'warming_up',
  'running',
  'completed',
  'failed',
  'cancelled',
  'interrupted',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const ACTIVE_STATUSES: readonly RunStatus[] = ['preparing', 'warming_up', 'running'];

export const WORKLOAD_TYPES = [
  'oltp_point_select',
  'oltp_read_only',
  'oltp_read_write',
  'oltp_write_only',
  'oltp_insert',
  'oltp_update_index',
  'oltp_update_non_index',
  'tpcb_like',
  'select_only',
  'custom',
] as const;
export type WorkloadType = (typeof WORKLOAD_TYPES)[number];

export const ERROR_CLASSES = [
  'connection',
  'timeout',
  'serialization',
  'constraint',
  'syntax',
  'other',
] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];

/** Caveats about a run's figures; the run view, CLI, exports, report and compare show them all. */
export const RUN_WARNING_CODES = [
  /** Open loop: the achieved rate fell short of the target or the schedule lag kept growing. */
  'saturated',
  /** The idle network round trip is more than half of the measured median latency. */
  'network_share',
  /** Intervals with no throughput because the database did not answer. */
  'database_unavailable',
  /** Time spent inside the load generator before sending exceeds 10 % of the cycle. */
  'client_overhead',
] as const;
export type RunWarningCode = (typeof RUN_WARNING_CODES)[number];

export const runWarningSchema = z.object({
  code: z.enum(RUN_WARNING_CODES),
  /** Written for a person, with the numbers (e.g. "reached 8,100 of the 15,000 tx/s asked for"). */
  message: z.string(),
});
export type RunWarning = z.infer<typeof runWarningSchema>;

/** What a run measured, as it was at the start: kept when the connection is edited or deleted. */
export const runTargetSchema = z.object({
  connection_name: z.string(),
  engine: sqlTypeSchema,
  host: z.string(),
  port: z.number().int(),
  database: z.string(),
  /** The server's version string, once known. */
  server_version: z.string().nullable(),
});
export type RunTarget = z.infer<typeof runTargetSchema>;

export const RUN_ENGINE_CHOICES = ['auto', 'native', 'node'] as const;
export const RUN_ENGINES = ['native', 'node'] as const;
export type RunEngine = (typeof RUN_ENGINES)[number];

export const customScriptSchema = z.object({
  name: z.string().trim().min(1).max(200).default('script'),
  /** pgbench-style script: SQL statements ending in `;`, `\set var expr`, `\sleep n [us|ms|s]`. */
  sql: z.string().min(1, 'a script must not be empty').max(100_000),
  weight: z.number().int().min(1).max(1000).default(1),
});
export type CustomScript = z.infer<typeof customScriptSchema>;
/** How many scripts one custom workload mixes. */
export const MAX_CUSTOM_SCRIPTS = 32;

const paramValue = z.union([z.string().max(1000), z.number(), z.boolean()]);

/** Workload parameters, each sizing one within its bounds (tables ≤ 1,000, table_size ≤ INTEGER, …). */
const workloadParameters = z
  .record(z.string(), paramValue)
  .superRefine((params, ctx) => {
    for (const [key, value] of Object.entries(params)) {
      const problem = parameterProblem(key, value);
      if (problem) ctx.addIssue({ code: 'custom', path: [key], message: problem });
    }
  })
  .default({});

export const DEFAULT_BENCH_SCHEMA = 'benchphant_bench';
/** Where benchmark tables live: a schema on PostgreSQL, a database on MySQL. */
export const benchSchemaName = z
  .string()
  .regex(
    /^[a-z_][a-z0-9_]{0,62}$/,
    'schema must be a lower-case identifier: letters a-z, digits and _, at most 63, not starting with a digit',
  );

/** One benchmark table Benchphant made (sbtest*, pgbench_*, its layout table) and its size on disk. */
export const benchTableSchema = z.object({ name: z.string(), bytes: z.number() });

export const benchTablesSchema = z.object({
  schema: z.string(),
  /** Only Benchphant's own tables; anything else in the schema is never listed or dropped. */
  tables: z.array(benchTableSchema),
  /** Their total size, tables and indexes (what dropping them frees). */
  bytes: z.number(),
});
export type BenchTables = z.infer<typeof benchTablesSchema>;

const benchTablesInput = z.object({
  connection_id: idSchema,
  schema: benchSchemaName.default(DEFAULT_BENCH_SCHEMA),
});

export const runStartSchema = z.object({
  connection_id: idSchema,
  type: z.enum(WORKLOAD_TYPES, { error: `type must be one of: ${WORKLOAD_TYPES.join(', ')}` }),
  /** Measured seconds (warm-up comes on top of it). */
  duration: z.number().int().min(1, 'duration must be at least 1 s').max(86_400),
  /** Client connections; independent of the number of worker threads. */
  threads: z.number().int().min(1).max(4096),
  /** Workload parameters: tables, table_size, range_size, scale, … (defaults per workload). */
  parameters: workloadParameters,
  /** Open loop: target transactions per second over all clients (Poisson arrivals). Absent: closed loop. */
  rate: z.number().positive().max(10_000_000).optional(),
  /** Warm-up seconds excluded from the results; default 10% of the duration. */
  warmup: z.number().min(0).max(86_400).optional(),
  /** `prepared` (default) or `simple` protocol, as pgbench -M. */
  protocol: z.enum(['prepared', 'simple']).default('prepared'),
  /** Statements in flight per connection (as pgbench's \startpipeline); its own load model. */
  pipeline: z.number().int().min(1).max(64).default(1),
  /** Tries per transaction on serialization failure or deadlock, as pgbench --max-tries. */
  max_tries: z.number().int().min(1).max(100).default(1),
  /** Schema (PostgreSQL) or database (MySQL) that holds the benchmark tables. */
  schema: benchSchemaName.default(DEFAULT_BENCH_SCHEMA),
  /** Drop the benchmark tables after the run. */
  cleanup: z.boolean().default(false),
  /** Worker threads; default the CPU count, at most `threads`. */
  pool_size: z.number().int().min(1).max(256).optional(),
  /** Report interval in milliseconds. */
  report_interval_ms: z.number().int().min(100).max(60_000).default(1000),
  /** Scripts of a `custom` workload. */
  scripts: z.array(customScriptSchema).max(MAX_CUSTOM_SCRIPTS).optional(),
  /** Load in steps (e.g. threads 1→64 or rate 1k→20k); durations add up to `duration`; each is reported on its own. */
  stages: z
    .array(
      z.object({
        duration: z.number().int().min(1),
        threads: z.number().int().min(1).max(4096).optional(),
        rate: z.number().positive().max(10_000_000).optional(),
      }),
    )
    .min(1)
    .max(64)
    .optional(),
  /** Load engine: `native` (the C++ addon), `node`, or `auto` (the default: native where it loads and can run the workload). */
  engine: z.enum(RUN_ENGINE_CHOICES).optional(),
  /** Seeds every client's random choices: the same seed sends the same statements per client, on either engine. Absent: a random seed, recorded with the run. */
  seed: z.number().int().min(0).max(4_294_967_295).optional(),
  /**
   * The run fails when more than this share of its measured intervals had no throughput (the
   * database did not answer); a shorter outage leaves a `database_unavailable` warning. Default 0.5.
   */
  outage_fail_share: z.number().min(0).max(1).optional(),
  /** Needed to run against a connection whose environment is `production`. */
  allow_production: z.boolean().default(false),
  /** Needed when the prepare phase would load more than about 1 GB (the refusal gives size and time). */
  confirm_large_prepare: z.boolean().optional(),
  /** Run the clients on load agents (a distributed run); absent: worker threads on this machine. */
  agents: agentsSpecSchema.optional(),
});
export type RunStart = z.infer<typeof runStartSchema>;

/** Milliseconds, with microsecond resolution. */
export const latencySchema = z.object({
  avg: z.number(),
  p50: z.number(),
  p95: z.number(),
  p99: z.number(),
  p999: z.number(),
  max: z.number(),
});
export type Latency = z.infer<typeof latencySchema>;

const errorCountsSchema = z.record(z.enum(ERROR_CLASSES), z.number().int());

export const runMetricsSchema = z.object({
  /** Statements per second. */
  qps: z.number(),
  /** Transactions (or script runs) per second. */
  tps: z.number(),
  /** Transaction latency in milliseconds (µs resolution); open loop: from the intended start. */
  latency: latencySchema,
  /** Failed transactions. */
  errors: z.number().int(),
});
export type RunMetrics = z.infer<typeof runMetricsSchema>;

export const runDetailSchema = z.object({
  transactions: z.number().int(),
  queries: z.number().int(),
  retries: z.number().int(),
  reconnects: z.number().int(),
  errors_by_class: errorCountsSchema,
  /** The server's first message of each error class. */
  first_errors: z.partialRecord(z.enum(ERROR_CLASSES), z.string()),
  /** Open loop only: latency from the actual send (service time), milliseconds. */
  service_latency: latencySchema.nullable(),
  /** Open loop only: how late requests were sent after their intended start, milliseconds. */
  schedule_lag: latencySchema.nullable(),
  /** Open loop only: the requested rate, and whether the schedule lag kept growing. */
  target_rate: z.number().nullable(),
  saturated: z.boolean(),
  /**
   * Probe latency under load: the median round trip of a trivial query on the spare connection
   * during the run, milliseconds. It queues behind the load on a busy client, so it is not the
   * network's share of the latency (see `network_rtt_before_ms`).
   */
  network_rtt_ms: z.number().nullable(),
  /** The network round trip on an idle connection before the run (median of several), ms. */
  network_rtt_before_ms: z.number().nullable(),
  /**
   * Mean time a statement waited inside the load generator before its bytes went to the socket,
   * milliseconds: a health figure beside the latency, which excludes it. Native engine only.
   */
  client_overhead_ms: z.number().nullable().optional(),
  /**
   * Threads that carried the clients (per agent on a distributed run): the native engine's loop
   * threads, or the Node engine's worker threads. Absent in runs saved before it was recorded.
   */
  engine_threads: z.number().int().nullable().optional(),
  /**
   * Why `engine: auto` ran on the Node engine (the addon did not load, or cannot run this
   * workload on this server); null when it did not fall back. Absent in runs saved before.
   */
  engine_fallback: z.string().nullable().optional(),
  /** The fastest of those idle round trips, milliseconds (absent in runs saved before it existed). */
  network_rtt_before_min_ms: z.number().nullable().optional(),
  /** The measured latency distribution: percentile → milliseconds. */
  percentiles: z.array(z.object({ p: z.number(), ms: z.number() })),
  /** One entry per stage when the run has stages: its load and its own figures. */
  stages: z.array(
    z.object({
      index: z.number().int(),
      threads: z.number().int(),
      rate: z.number().nullable(),
      metrics: runMetricsSchema,
    }),
  ),
  /** Per statement class (select, insert, update, delete, begin, commit, other), milliseconds. */
  by_statement: z.record(z.string(), z.object({ count: z.number().int(), latency: latencySchema })),
  /** Per transaction type (script or sysbench event), latency in milliseconds. */
  by_transaction: z.record(
    z.string(),
    z.object({ count: z.number().int(), latency: latencySchema }),
  ),
});
export type RunDetail = z.infer<typeof runDetailSchema>;

export const runSummarySchema = z.object({
  id: idSchema,
  connection_id: z.string(),
  type: z.enum(WORKLOAD_TYPES),
  status: z.enum(RUN_STATUSES),
  threads: z.number().int(),
  duration: z.number(),
  start_time: z.iso.datetime(),
  end_time: z.iso.datetime().nullable(),
  /** Why the run failed, or a warning about its figures, written for the user. */
  message: z.string().nullable(),
  /** The user's labels and notes (e.g. "after index change"). */
  tags: z.array(z.string()),
  notes: z.string(),
  /** The id the run had where it was measured, when it was imported from a bundle. */
  imported_from: z.string().nullable(),
  /** Caveats about the figures (saturation, network share, outages, client overhead). */
  warnings: z.array(runWarningSchema),
  /** The server measured, as it was at the start (null for runs saved before snapshots existed). */
  target: runTargetSchema.nullable(),
  /** Whether the run's connection has since been deleted (its `target` still says what it was). */
  connection_deleted: z.boolean(),
  /** Headline figures for lists (null until the first measured interval). */
  qps: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  /** The load engine that ran it; null before it started measuring (and for older runs). */
  engine: z.enum(RUN_ENGINES).nullable(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

export const runStatusSchema = runSummarySchema.extend({
  phase: z.enum(['prepare', 'warmup', 'measure', 'cleanup', 'done']),
  /** 0..1 over the current phase. */
  progress: z.number(),
  metrics: runMetricsSchema,
  detail: runDetailSchema,
  config: runStartSchema.omit({ allow_production: true }),
  server: z.object({ version: z.string(), settings: z.record(z.string(), z.string()) }).nullable(),
  /** The machine that generated the load: CPU model, cores, memory, OS, Node version. */
  client: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
  /** Statement statistics of the measured window; null before the run has measured (or older runs). */
  query_analytics: runQueryAnalyticsSchema.nullable().optional(),
});
export type RunStatusView = z.infer<typeof runStatusSchema>;

export const intervalSchema = z.object({
  /** Seconds since the measurement began; negative during warm-up. */
  t: z.number(),
  warmup: z.boolean(),
  qps: z.number(),
  tps: z.number(),
  latency: latencySchema,
  errors: z.number().int(),
  errors_by_class: errorCountsSchema,
  retries: z.number().int(),
  reconnects: z.number().int(),
  threads: z.number().int(),
  /** Stage index (0 when the run has no stages). */
  stage: z.number().int(),
  /** Open loop: schedule lag p99 (ms) and achieved transactions per second. */
  lag_p99: z.number().nullable(),
  network_rtt_ms: z.number().nullable(),
  /** Server counters' change over the interval (pg_stat_database / SHOW GLOBAL STATUS). */
  server_counters: z.record(z.string(), z.number()),
});
export type RunInterval = z.infer<typeof intervalSchema>;

const byId = z.object({ id: idSchema });

const tagSchema = z
  .string()
  .trim()
  .min(1, 'a tag must not be empty')
  .max(60, 'a tag is at most 60 characters');

/** Filters of `runs.list`; all optional, combined with AND. */
export const runListFilterSchema = z
  .object({
    connection_id: z.string().max(100).optional(),
    type: z.enum(WORKLOAD_TYPES).optional(),
    tag: tagSchema.optional(),
    status: z.enum(RUN_STATUSES).optional(),
    /** Runs that started at or after / before this time. */
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    /** Case-insensitive text in the id, workload, connection name, tags, notes or message. */
    search: z.string().trim().max(200).optional(),
  })
  .default({});
export type RunListFilter = z.infer<typeof runListFilterSchema>;

export const benchmarkOperations = {
  /** Benchphant's benchmark tables in a schema of a connection, with their size. */
  'benchmarks.tables': operation({
    doc: 'List the benchmark tables in a schema and their size.',
    input: benchTablesInput,
    output: benchTablesSchema,
    rest: { method: 'GET', path: '/api/v1/connections/{connection_id}/benchmark-tables' },
  }),
  /** Drop Benchphant's benchmark tables in a schema (and the schema once empty); says what it freed. */
  'benchmarks.dropTables': operation({
    doc: 'Drop the benchmark tables in a schema.',
    input: benchTablesInput,
    output: benchTablesSchema.extend({ bytes_freed: z.number(), message: z.string() }),
    rest: { method: 'DELETE', path: '/api/v1/connections/{connection_id}/benchmark-tables' },
  }),
  /** Start a benchmark; it prepares, warms up and measures in the background. */
  'runs.start': operation({
    doc: 'Start a benchmark run.',
    input: runStartSchema,
    output: z.object({ id: idSchema, status: z.enum(RUN_STATUSES), start_time: z.iso.datetime() }),
    rest: { method: 'POST', path: '/api/v1/benchmarks', status: 201 },
  }),
  /** Live figures while running, final ones after; latency in ms with µs resolution. */
  'runs.get': operation({
    doc: 'Status and metrics of a run.',
    input: byId,
    output: runStatusSchema,
    rest: { method: 'GET', path: '/api/v1/benchmarks/{id}' },
  }),
  /** Every saved run, newest first. */
  'runs.list': operation({
    doc: 'List benchmark runs.',
    input: runListFilterSchema,
    output: z.array(runSummarySchema),
    rest: { method: 'GET', path: '/api/v1/benchmarks' },
  }),
  /** Stop a run within a second; what was measured is kept. */
  'runs.cancel': operation({
    doc: 'Cancel a running benchmark.',
    input: byId,
    output: runSummarySchema,
    rest: { method: 'POST', path: '/api/v1/benchmarks/{id}/cancel' },
  }),
  /** Remove a finished run and its intervals. */
  'runs.delete': operation({
    doc: 'Delete a benchmark run.',
    input: byId,
    output: z.object({ message: z.string() }),
    rest: { method: 'DELETE', path: '/api/v1/benchmarks/{id}' },
  }),
  /** Set a run's tags and/or notes. */
  'runs.update': operation({
    doc: 'Update the tags and notes of a run.',
    input: z.object({
      id: idSchema,
      tags: z
        .array(tagSchema)
        .max(32, 'a run has at most 32 tags')
        .transform((tags) => [...new Set(tags)])
        .optional(),
      notes: z.string().max(10_000, 'notes are at most 10 000 characters').optional(),
    }),
    output: runSummarySchema,
    rest: { method: 'PATCH', path: '/api/v1/benchmarks/{id}' },
  }),
  /**
   * A run's report intervals in order, warm-up included: all of them, or the `limit` after the
   * first `offset` (a one-hour run's 3 600 are megabytes in one answer; pages keep each small).
   */
  'runs.intervals': operation({
    doc: 'Per-interval figures of a run.',
    input: byId.extend({
      offset: z.coerce.number().int().min(0).default(0),
      limit: z.coerce.number().int().min(1).optional(),
    }),
    output: z.array(intervalSchema),
    rest: { method: 'GET', path: '/api/v1/benchmarks/{id}/intervals' },
  }),
};

export const benchmarkEvents = {
  /** A run changed phase or finished an interval. */
  'runs.progressed': event({
    doc: 'A benchmark run progressed.',
    payload: z.object({
      id: idSchema,
      status: z.enum(RUN_STATUSES),
      phase: z.enum(['prepare', 'warmup', 'measure', 'cleanup', 'done']),
      progress: z.number(),
      /** Rows per second while preparing (over the last few seconds: 0 when nothing moves). */
      rows_per_s: z.number().nullable(),
      /** Rows written and planned while preparing. */
      rows_done: z.number().nullable().default(null),
      rows_total: z.number().nullable().default(null),
      /** Seconds left at the current rate; null while nothing moves. */
      eta_s: z.number().nullable().default(null),
      interval: intervalSchema.nullable(),
      message: z.string().nullable(),
    }),
  }),
};
