// Runs in every process. The database server's host, read over the connection's SSH session (no
// agent on the server): sampled every second while the connection is watched, kept with rollups.
import { z } from 'zod';
import { idSchema } from '../model/connection';
import { seriesHistory } from './db-metrics';
import { event, operation } from './define';
import { processUsageSchema } from './metrics';

/** Figures of a server host; rates are per second, disks and interfaces summed (lo left out). */
export const HOST_METRICS = [
  'cpu_usage_percent',
  'cpu_user_percent',
  'cpu_system_percent',
  'cpu_iowait_percent',
  'cpu_count',
  'load1',
  'load5',
  'load15',
  'memory_total_bytes',
  'memory_used_bytes',
  'memory_available_bytes',
  'memory_usage_percent',
  'swap_total_bytes',
  'swap_used_bytes',
  'disk_read_bytes_per_sec',
  'disk_write_bytes_per_sec',
  'disk_read_iops',
  'disk_write_iops',
  'disk_read_latency_ms',
  'disk_write_latency_ms',
  'disk_utilization_percent',
  'net_recv_bytes_per_sec',
  'net_sent_bytes_per_sec',
  /** The database's processes (postgres, mariadbd, mysqld): how many, CPU (100 = one core), RSS. */
  'db_processes',
  'db_processes_cpu_percent',
  'db_processes_memory_bytes',
] as const;
export type HostMetric = (typeof HOST_METRICS)[number];

export const hostSampleSchema = z.object({
  connection_id: idSchema,
  timestamp: z.iso.datetime(),
  values: z.partialRecord(z.enum(HOST_METRICS), z.number().nullable()),
  per_core: z.array(z.number()),
  /** The database's processes, busiest first. */
  processes: z.array(processUsageSchema),
  /** The benchmark run under way on this connection when the sample was taken. */
  run_id: z.string().nullable(),
});
export type HostSample = z.infer<typeof hostSampleSchema>;

const connectionId = z.object({ id: idSchema });

export const hostMetricsOperations = {
  /**
   * The latest sample of the server's host; asking starts watching it for a minute. A connection
   * without SSH, or a host that is not Linux, answers with an error saying so.
   */
  'hostmetrics.live': operation({
    doc: "Latest metrics of a connection's server host (over SSH).",
    input: connectionId,
    output: hostSampleSchema.nullable(),
    rest: { method: 'GET', path: '/api/v1/connections/{id}/host/live' },
  }),
  /** One figure over time: raw seconds, or minute/hour rollups with min, avg and max. */
  'hostmetrics.history': operation({
    doc: "Metrics history of a connection's server host.",
    ...seriesHistory(HOST_METRICS),
    rest: { method: 'GET', path: '/api/v1/connections/{id}/host/history' },
  }),
};

export const hostMetricsEvents = {
  /** A sample of a server host was taken (one per second per watched SSH connection). */
  'hostmetrics.sampled': event({
    doc: "A sample of a connection's server host was taken.",
    payload: hostSampleSchema,
  }),
};
