// Runs in every process. Host metrics (perfwatch-api.md): the live sample, history queries with
// rollups, period comparison and the sampling/retention configuration. Query inputs come from URLs.
import { z } from 'zod';
import { event, operation } from './define';

export const METRIC_TYPES = [
  'cpu',
  'memory',
  'network',
  'disk',
  'perf_events',
  'memory_bandwidth',
] as const;
export type MetricType = (typeof METRIC_TYPES)[number];

/** The figures history keeps per type (one stored column each); the live sample carries more. */
export const METRIC_FIGURES = {
  cpu: [
    'usage_percent',
    'user',
    'system',
    'idle',
    'iowait',
    'frequency_mhz',
    'temperature_celsius',
    'interrupts_per_sec',
    'load1',
  ],
  memory: [
    'usage_percent',
    'used_bytes',
    'available_bytes',
    'cached_bytes',
    'buffers_bytes',
    'swap_used_bytes',
    'hugepages_free',
  ],
  network: [
    'bytes_sent_per_sec',
    'bytes_recv_per_sec',
    'packets_sent_per_sec',
    'packets_recv_per_sec',
    'established',
    'time_wait',
    'listen',
  ],
  disk: [
    'read_bytes_per_sec',
    'write_bytes_per_sec',
    'read_iops',
    'write_iops',
    'read_latency_ms',
    'write_latency_ms',
    'max_partition_usage_percent',
    'max_utilization_percent',
  ],
  perf_events: [
    'ipc',
    'cycles',
    'instructions',
    'l1i_cache_misses',
    'l1d_cache_misses',
    'l2_cache_misses',
    'llc_misses',
  ],
  memory_bandwidth: ['memory_bandwidth_read_mbps', 'memory_bandwidth_write_mbps'],
} as const satisfies Record<MetricType, readonly string[]>;

/** The figure a comparison summary averages. */
export const SUMMARY_FIGURE: Record<MetricType, string> = {
  cpu: 'usage_percent',
  memory: 'usage_percent',
  network: 'bytes_recv_per_sec',
  disk: 'write_bytes_per_sec',
  perf_events: 'ipc',
  memory_bandwidth: 'memory_bandwidth_read_mbps',
};

export const HISTORY_INTERVALS = ['5s', '1m', '5m', '1h'] as const;
export type HistoryInterval = (typeof HISTORY_INTERVALS)[number];
export const INTERVAL_MS: Record<HistoryInterval, number> = {
  '5s': 5_000,
  '1m': 60_000,
  '5m': 300_000,
  '1h': 3_600_000,
};
export const DOWNSAMPLE_INTERVALS = ['1m', '1h'] as const;
export const MAX_LIMIT = 10_000;

// --- the live sample (the spec's WebSocket "metrics" message) ---

const num = z.number();
const cpuSchema = z.object({
  usage_percent: num,
  per_core: z.array(num),
  user: num,
  system: num,
  idle: num,
  iowait: num,
  frequency_mhz: z.array(num),
  /** Empty where the machine exposes no sensor (VMs). */
  temperature_celsius: z.array(num),
  /** Interrupts per second over the last interval. */
  interrupts: num,
  /** /proc/loadavg: runnable and uninterruptible tasks averaged over 1, 5 and 15 minutes. */
  load_average: z.object({ load1: num, load5: num, load15: num }).optional(),
});
const memorySchema = z.object({
  usage_percent: num,
  total_bytes: num,
  used_bytes: num,
  available_bytes: num,
  cached_bytes: num,
  buffers_bytes: num,
  swap_used_bytes: num,
  swap_total_bytes: num,
  hugepages_total: num,
  hugepages_free: num,
});
const interfaceSchema = z.object({
  bytes_sent_per_sec: num,
  bytes_recv_per_sec: num,
  packets_sent_per_sec: num,
  packets_recv_per_sec: num,
});
const deviceSchema = z.object({
  read_bytes_per_sec: num,
  write_bytes_per_sec: num,
  read_iops: num,
  write_iops: num,
  read_latency_ms: num,
  write_latency_ms: num,
  /** Share of the interval the device had I/O in flight (iostat's %util). */
  utilization_percent: num.optional(),
});
const partitionSchema = z.object({ total_bytes: num, used_bytes: num, usage_percent: num });
const counter = num.nullable();
export const perfSchema = z.object({
  available: z.boolean(),
  /** Why counters are unavailable (no PMU, paranoid setting, no perf), written for the user. */
  reason: z.string().nullable(),
  ipc: counter,
  cycles: counter,
  instructions: counter,
  l1i_cache_misses: counter,
  l1d_cache_misses: counter,
  l2_cache_misses: counter,
  llc_misses: counter,
  memory_bandwidth_read_mbps: counter,
  memory_bandwidth_write_mbps: counter,
});
/** One process's share of the machine over the last interval. */
export const processUsageSchema = z.object({
  pid: z.number().int(),
  /** The kernel's short process name (postgres, mariadbd, node…). */
  name: z.string(),
  /** Percent of one core over the last interval (a process busy on two cores shows 200). */
  cpu_percent: num,
  /** Resident memory. */
  memory_bytes: num,
});

export const metricsDataSchema = z.object({
  cpu: cpuSchema,
  memory: memorySchema,
  network: z.object({
    interfaces: z.record(z.string(), interfaceSchema),
    connections: z.object({ established: num, time_wait: num, listen: num }),
  }),
  disk: z.object({
    devices: z.record(z.string(), deviceSchema),
    partitions: z.record(z.string(), partitionSchema),
  }),
  perf: perfSchema,
  /**
   * The busiest processes, the database servers' (postgres, mariadbd, mysqld) and Benchphant's
   * own (`own_pid`), busiest first. Absent from samples of older versions.
   */
  processes: z.array(processUsageSchema).optional(),
  own_pid: z.number().int().optional(),
});
export type MetricsData = z.infer<typeof metricsDataSchema>;
export type PerfData = z.infer<typeof perfSchema>;

export const metricsMessageSchema = z.object({
  type: z.literal('metrics'),
  timestamp: z.string(),
  data: metricsDataSchema,
});
export type MetricsMessage = z.infer<typeof metricsMessageSchema>;

// --- history ---

const metricTypeSchema = z
  .enum([...METRIC_TYPES, 'perf'], {
    error: `metric_type must be one of: ${METRIC_TYPES.join(', ')}`,
  })
  .transform((t): MetricType => (t === 'perf' ? 'perf_events' : t));

const intervalSchema = z.enum([...HISTORY_INTERVALS, 'auto'], {
  error: `interval must be one of: ${HISTORY_INTERVALS.join(', ')}, auto`,
});

const isoTime = (field: string) =>
  z.iso.datetime({
    offset: true,
    error: `${field} must be an ISO 8601 date-time such as 2025-01-18T10:00:00Z`,
  });

const limitSchema = z.coerce
  .number({ error: 'limit must be a whole number' })
  .int('limit must be a whole number')
  .min(1, 'limit must be at least 1')
  .max(MAX_LIMIT, `limit must be at most ${MAX_LIMIT}`)
  .default(1000);

const ms = (iso: string) => Date.parse(iso);

const figureValues = z.record(z.string(), z.number().nullable());
export const dataPointSchema = z.object({
  timestamp: z.string(),
  /** Averages over the bucket. */
  data: figureValues,
  min: figureValues,
  max: figureValues,
  samples: z.number().int(),
});
export type DataPoint = z.infer<typeof dataPointSchema>;

export const historyInputSchema = z
  .object({
    metric_type: metricTypeSchema,
    start_time: isoTime('start_time'),
    end_time: isoTime('end_time'),
    interval: intervalSchema.default('auto'),
    limit: limitSchema,
  })
  .refine((v) => ms(v.end_time) > ms(v.start_time), {
    message: 'end_time must be after start_time',
    path: ['end_time'],
  });

const historyOutputSchema = z.object({
  metric_type: z.enum(METRIC_TYPES),
  start_time: z.string(),
  end_time: z.string(),
  interval: z.enum(HISTORY_INTERVALS),
  data_points: z.array(dataPointSchema),
});
export type HistoryResult = z.infer<typeof historyOutputSchema>;

const CUSTOM_FIELDS = ['start_time_1', 'end_time_1', 'start_time_2', 'end_time_2'] as const;

export const compareInputSchema = z
  .object({
    metric_type: metricTypeSchema,
    period: z
      .enum(['hour', 'day', 'week'], { error: 'period must be one of: hour, day, week' })
      .optional(),
    compare_to: z
      .enum(['yesterday', 'last_week'], {
        error: 'compare_to must be one of: yesterday, last_week',
      })
      .optional(),
    start_time_1: isoTime('start_time_1').optional(),
    end_time_1: isoTime('end_time_1').optional(),
    start_time_2: isoTime('start_time_2').optional(),
    end_time_2: isoTime('end_time_2').optional(),
    interval: intervalSchema.default('auto'),
    limit: limitSchema,
  })
  .superRefine((v, ctx) => {
    const given = CUSTOM_FIELDS.filter((f) => v[f] !== undefined);
    if (given.length > 0) {
      if (given.length < 4) {
        const missing = CUSTOM_FIELDS.filter((f) => v[f] === undefined).join(', ');
        ctx.addIssue({
          code: 'custom',
          message: `custom range comparison needs all four of ${CUSTOM_FIELDS.join(', ')}; missing: ${missing}`,
        });
        return;
      }
      if (v.period !== undefined || v.compare_to !== undefined) {
        ctx.addIssue({
          code: 'custom',
          message: 'give either period and compare_to, or the four custom range times, not both',
        });
        return;
      }
      const d1 = ms(v.end_time_1 ?? '') - ms(v.start_time_1 ?? '');
      const d2 = ms(v.end_time_2 ?? '') - ms(v.start_time_2 ?? '');
      if (d1 <= 0)
        ctx.addIssue({
          code: 'custom',
          path: ['end_time_1'],
          message: 'end_time_1 must be after start_time_1',
        });
      if (d2 <= 0)
        ctx.addIssue({
          code: 'custom',
          path: ['end_time_2'],
          message: 'end_time_2 must be after start_time_2',
        });
      if (d1 > 0 && d2 > 0 && d1 !== d2) {
        ctx.addIssue({
          code: 'custom',
          message: `both periods must have the same duration: period 1 lasts ${d1 / 1000} s, period 2 lasts ${d2 / 1000} s`,
        });
      }
      return;
    }
    if (v.period === undefined || v.compare_to === undefined) {
      ctx.addIssue({
        code: 'custom',
        message:
          'give period (hour, day, week) and compare_to (yesterday, last_week), or start_time_1, end_time_1, start_time_2 and end_time_2',
      });
      return;
    }
    if (v.period === 'week' && v.compare_to === 'yesterday') {
      ctx.addIssue({
        code: 'custom',
        message:
          'a week cannot be compared with yesterday (the periods overlap); use compare_to=last_week',
      });
    }
  });

const periodSchema = z.object({
  start_time: z.string(),
  end_time: z.string(),
  data_points: z.array(dataPointSchema),
});
const compareOutputSchema = z.object({
  metric_type: z.enum(METRIC_TYPES),
  period: z.enum(['hour', 'day', 'week']).nullable(),
  compare_to: z.enum(['yesterday', 'last_week']).nullable(),
  interval: z.enum(HISTORY_INTERVALS),
  current: periodSchema,
  comparison: periodSchema,
  summary: z.object({
    figure: z.string(),
    current_avg: z.number().nullable(),
    comparison_avg: z.number().nullable(),
    /** Null when the comparison average is zero or missing. */
    change_percent: z.number().nullable(),
  }),
});
export type CompareResult = z.infer<typeof compareOutputSchema>;

const runMetricsOutputSchema = z.object({
  run_id: z.string(),
  data_points: z.array(
    z.object({ timestamp: z.string(), data: z.record(z.string(), figureValues) }),
  ),
});
export type RunMetrics = z.infer<typeof runMetricsOutputSchema>;

// --- configuration ---

export const metricsConfigSchema = z.object({
  sampling_interval_seconds: z
    .number({ error: 'sampling_interval_seconds must be a number' })
    .int('sampling_interval_seconds must be a whole number')
    .min(1, 'sampling_interval_seconds must be between 1 and 3600')
    .max(3600, 'sampling_interval_seconds must be between 1 and 3600'),
  retention_days: z
    .number({ error: 'retention_days must be a number' })
    .int('retention_days must be a whole number')
    .min(1, 'retention_days must be between 1 and 3650')
    .max(3650, 'retention_days must be between 1 and 3650'),
  archive_enabled: z.boolean({ error: 'archive_enabled must be true or false' }),
  downsample_after_days: z
    .number({ error: 'downsample_after_days must be a number' })
    .int('downsample_after_days must be a whole number')
    .min(1, 'downsample_after_days must be between 1 and 3650')
    .max(3650, 'downsample_after_days must be between 1 and 3650'),
  downsample_interval: z.enum(DOWNSAMPLE_INTERVALS, {
    error: `downsample_interval must be one of: ${DOWNSAMPLE_INTERVALS.join(', ')}`,
  }),
});
export type MetricsConfig = z.infer<typeof metricsConfigSchema>;

export const DEFAULT_METRICS_CONFIG: MetricsConfig = {
  sampling_interval_seconds: 5,
  retention_days: 30,
  archive_enabled: true,
  downsample_after_days: 7,
  downsample_interval: '1h',
};

const configUpdateSchema = metricsConfigSchema
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, {
    message: `the body must set at least one of: ${Object.keys(metricsConfigSchema.shape).join(', ')}`,
  });

const retentionSchema = z.object({
  retention_days: z.number(),
  archive_enabled: z.boolean(),
  downsample_after_days: z.number(),
  downsample_interval: z.enum(DOWNSAMPLE_INTERVALS),
  current_data_size_mb: z.number(),
  oldest_record: z.string().nullable(),
  newest_record: z.string().nullable(),
});
export type RetentionInfo = z.infer<typeof retentionSchema>;

const empty = z.object({}).default({});

export const metricsOperations = {
  /** The latest sample, and whether the sampler runs. */
  'metrics.current': operation({
    doc: 'The latest host metrics sample.',
    input: empty,
    output: z.object({
      sampling: z.boolean(),
      interval_seconds: z.number(),
      sample: metricsMessageSchema.nullable(),
    }),
    rest: { method: 'GET', path: '/api/v1/metrics/current' },
  }),
  /** Samples of one metric type over a time range, aggregated to an interval. */
  'history.metrics': operation({
    doc: 'Query historical host metrics.',
    input: historyInputSchema,
    output: historyOutputSchema,
    rest: { method: 'GET', path: '/api/v1/history/metrics' },
  }),
  /** The metric types history can answer for, with their figures. */
  'history.types': operation({
    doc: 'List the metric types of history queries.',
    input: empty,
    output: z.object({
      metric_types: z.array(z.enum(METRIC_TYPES)),
      figures: z.record(z.string(), z.array(z.string())),
    }),
    rest: { method: 'GET', path: '/api/v1/history/metrics/types' },
  }),
  /** Two periods side by side: relative (period + compare_to) or custom ranges. */
  'history.compare': operation({
    doc: 'Compare host metrics between two periods.',
    input: compareInputSchema,
    output: compareOutputSchema,
    rest: { method: 'GET', path: '/api/v1/history/compare' },
  }),
  /** Host samples taken while a benchmark run was active, for the run's page. */
  'history.run': operation({
    doc: 'Host metrics recorded during one benchmark run.',
    input: z.object({
      run_id: z.string().trim().min(1, 'run_id must not be empty').max(100, 'run_id is too long'),
    }),
    output: runMetricsOutputSchema,
    rest: { method: 'GET', path: '/api/v1/history/runs/{run_id}/metrics' },
  }),
  /** Sampling and retention settings. */
  'config.get': operation({
    doc: 'Get the metrics configuration.',
    input: empty,
    output: metricsConfigSchema,
    rest: { method: 'GET', path: '/api/v1/config' },
  }),
  /** Change any subset of the settings; a new sampling interval applies at once. */
  'config.update': operation({
    doc: 'Update the metrics configuration.',
    input: configUpdateSchema,
    output: z.object({ message: z.string(), config: metricsConfigSchema }),
    rest: { method: 'PUT', path: '/api/v1/config' },
  }),
  /** Retention settings with the stored data's size and time span. */
  'config.retention': operation({
    doc: 'Retention policy and stored data size.',
    input: empty,
    output: retentionSchema,
    rest: { method: 'GET', path: '/api/v1/config/retention' },
  }),
};

export const metricsEvents = {
  /** A new host sample (the spec's WebSocket "metrics" message). */
  'metrics.sampled': event({
    doc: 'A host metrics sample was taken.',
    payload: metricsMessageSchema,
  }),
  /** Sampling or retention changed (here or by `benchphant settings set`); Settings shows it. */
  'config.updated': event({
    doc: 'The metrics configuration changed.',
    payload: metricsConfigSchema,
  }),
};
