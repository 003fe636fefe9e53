// Runs in the main process, server and CLI. How each history figure is taken from a live sample
// and stored: one INTEGER column per figure with a fixed scale (compact varints, not JSON).
import {
  METRIC_TYPES,
  type METRIC_FIGURES,
  type MetricsData,
  type MetricType,
} from '../../../shared/contract/metrics';

export interface Figure {
  type: MetricType;
  name: string;
  column: string;
  /** Stored value = round(value * scale); percentages keep two decimals, memory is kept in MiB. */
  scale: number;
  /** Nullable figures keep their own count in rollups, since some samples lack them. */
  nullable: boolean;
  extract(d: MetricsData): number | null;
}

const PREFIX: Record<MetricType, string> = {
  cpu: 'cpu',
  memory: 'mem',
  network: 'net',
  disk: 'disk',
  perf_events: 'perf',
  memory_bandwidth: 'membw',
};

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const mean = (values: number[]) => (values.length === 0 ? null : sum(values) / values.length);
const physicalInterfaces = (d: MetricsData) =>
  Object.entries(d.network.interfaces)
    .filter(([name]) => name !== 'lo')
    .map(([, v]) => v);
const devices = (d: MetricsData) => Object.values(d.disk.devices);
/** Latency over all devices weighted by their operations, as one busy device dominates it. */
const weightedLatency = (
  d: MetricsData,
  ops: 'read_iops' | 'write_iops',
  ms: 'read_latency_ms' | 'write_latency_ms',
) => {
  const total = sum(devices(d).map((x) => x[ops]));
  return total === 0 ? 0 : sum(devices(d).map((x) => x[ops] * x[ms])) / total;
};

type Extractors = {
  [T in MetricType]: Record<(typeof METRIC_FIGURES)[T][number], (d: MetricsData) => number | null>;
};

const EXTRACT: Extractors = {
  cpu: {
    usage_percent: (d) => d.cpu.usage_percent,
    user: (d) => d.cpu.user,
    system: (d) => d.cpu.system,
    idle: (d) => d.cpu.idle,
    iowait: (d) => d.cpu.iowait,
    frequency_mhz: (d) => mean(d.cpu.frequency_mhz),
    temperature_celsius: (d) =>
      d.cpu.temperature_celsius.length ? Math.max(...d.cpu.temperature_celsius) : null,
    interrupts_per_sec: (d) => d.cpu.interrupts,
    load1: (d) => d.cpu.load_average?.load1 ?? null,
  },
  memory: {
    usage_percent: (d) => d.memory.usage_percent,
    used_bytes: (d) => d.memory.used_bytes,
    available_bytes: (d) => d.memory.available_bytes,
    cached_bytes: (d) => d.memory.cached_bytes,
    buffers_bytes: (d) => d.memory.buffers_bytes,
    swap_used_bytes: (d) => d.memory.swap_used_bytes,
    hugepages_free: (d) => d.memory.hugepages_free,
  },
  network: {
    bytes_sent_per_sec: (d) => sum(physicalInterfaces(d).map((i) => i.bytes_sent_per_sec)),
    bytes_recv_per_sec: (d) => sum(physicalInterfaces(d).map((i) => i.bytes_recv_per_sec)),
    packets_sent_per_sec: (d) => sum(physicalInterfaces(d).map((i) => i.packets_sent_per_sec)),
    packets_recv_per_sec: (d) => sum(physicalInterfaces(d).map((i) => i.packets_recv_per_sec)),
    established: (d) => d.network.connections.established,
    time_wait: (d) => d.network.connections.time_wait,
    listen: (d) => d.network.connections.listen,
  },
  disk: {
    read_bytes_per_sec: (d) => sum(devices(d).map((x) => x.read_bytes_per_sec)),
    write_bytes_per_sec: (d) => sum(devices(d).map((x) => x.write_bytes_per_sec)),
    read_iops: (d) => sum(devices(d).map((x) => x.read_iops)),
    write_iops: (d) => sum(devices(d).map((x) => x.write_iops)),
    read_latency_ms: (d) => weightedLatency(d, 'read_iops', 'read_latency_ms'),
    write_latency_ms: (d) => weightedLatency(d, 'write_iops', 'write_latency_ms'),
    max_partition_usage_percent: (d) => {
      const usage = Object.values(d.disk.partitions).map((p) => p.usage_percent);
      return usage.length ? Math.max(...usage) : null;
    },
    // The busiest device: one saturated disk is the bottleneck whatever the others do.
    max_utilization_percent: (d) => {
      const util = devices(d).flatMap((x) =>
        x.utilization_percent === undefined ? [] : [x.utilization_percent],
      );
      return util.length ? Math.max(...util) : null;
    },
  },
  perf_events: {
    ipc: (d) => d.perf.ipc,
    cycles: (d) => d.perf.cycles,
    instructions: (d) => d.perf.instructions,
    l1i_cache_misses: (d) => d.perf.l1i_cache_misses,
    l1d_cache_misses: (d) => d.perf.l1d_cache_misses,
    l2_cache_misses: (d) => d.perf.l2_cache_misses,
    llc_misses: (d) => d.perf.llc_misses,
  },
  memory_bandwidth: {
    memory_bandwidth_read_mbps: (d) => d.perf.memory_bandwidth_read_mbps,
    memory_bandwidth_write_mbps: (d) => d.perf.memory_bandwidth_write_mbps,
  },
};

/** Host memory to the MiB is plenty for a chart, and it stores in a byte less than KiB. */
const MIB = 1 / 1_048_576;
const SCALE: Record<string, number> = {
  cpu_frequency_mhz: 1,
  cpu_interrupts_per_sec: 1,
  mem_usage_percent: 100,
  mem_hugepages_free: 1,
  net_established: 1,
  net_time_wait: 1,
  net_listen: 1,
  disk_read_iops: 100,
  disk_write_iops: 100,
  disk_read_latency_ms: 1000,
  disk_write_latency_ms: 1000,
  perf_ipc: 1000,
};

function scaleOf(type: MetricType, column: string): number {
  if (SCALE[column] !== undefined) return SCALE[column];
  if (type === 'cpu') return 100;
  if (type === 'memory') return MIB;
  if (column.endsWith('_percent')) return 100;
  if (type === 'memory_bandwidth') return 10;
  return 1;
}

const NULLABLE = new Set([
  'cpu_frequency_mhz',
  'cpu_temperature_celsius',
  'disk_max_partition_usage_percent',
  // Added by migration 38: samples written before have none.
  'cpu_load1',
  'disk_max_utilization_percent',
]);

export const FIGURES: readonly Figure[] = METRIC_TYPES.flatMap((type) =>
  Object.entries(EXTRACT[type] as Record<string, (d: MetricsData) => number | null>).map(
    ([name, extract]) => {
      const column = `${PREFIX[type]}_${name.replace(/^memory_bandwidth_/, '')}`;
      return {
        type,
        name,
        column,
        scale: scaleOf(type, column),
        nullable: NULLABLE.has(column) || type === 'perf_events' || type === 'memory_bandwidth',
        extract,
      };
    },
  ),
);

export const figuresOf = (type: MetricType): readonly Figure[] =>
  FIGURES.filter((f) => f.type === type);

export const encode = (f: Figure, value: number | null): number | null =>
  value === null || !Number.isFinite(value) ? null : Math.round(value * f.scale);

export const decode = (f: Figure, stored: number | null): number | null =>
  stored === null ? null : stored / f.scale;
