// Runs in the renderer. What the Monitor draws per category: which figures, in which unit, and
// how a live sample becomes one chart row.
import type { MetricsMessage, MetricType } from '../../../../shared/contract/metrics';
import { bytes, count, upToDecimals } from '../../components/figure-format';

export type Unit = 'percent' | 'bytesPerSec' | 'ratio' | 'mbps';

export interface SeriesDef {
  key: string;
  label: string;
  color: string;
}

export interface CategoryDef {
  type: MetricType;
  title: string;
  unit: Unit;
  series: SeriesDef[];
  /** What the figures include or leave out, said on the card. */
  note?: string;
}

const C = { a: '#4f6bed', b: '#e0803a', c: '#3aa57a', d: '#b457c9' };

export const CATEGORIES: readonly CategoryDef[] = [
  {
    type: 'cpu',
    title: 'CPU',
    unit: 'percent',
    series: [
      { key: 'usage_percent', label: 'Usage', color: C.a },
      { key: 'user', label: 'User', color: C.c },
      { key: 'system', label: 'System', color: C.b },
      { key: 'iowait', label: 'I/O wait', color: C.d },
    ],
  },
  {
    type: 'memory',
    title: 'Memory',
    unit: 'percent',
    series: [{ key: 'usage_percent', label: 'Used', color: C.a }],
  },
  {
    type: 'network',
    title: 'Network',
    unit: 'bytesPerSec',
    // The sampler's figures (main/core/metrics/figures.ts) and liveRow below both skip `lo`.
    note: 'Loopback (lo) traffic is not counted: a database on this machine reached over 127.0.0.1 adds nothing here.',
    series: [
      { key: 'bytes_recv_per_sec', label: 'Received', color: C.a },
      { key: 'bytes_sent_per_sec', label: 'Sent', color: C.b },
    ],
  },
  {
    type: 'disk',
    title: 'Disk',
    unit: 'bytesPerSec',
    series: [
      { key: 'read_bytes_per_sec', label: 'Read', color: C.a },
      { key: 'write_bytes_per_sec', label: 'Written', color: C.b },
    ],
  },
  {
    type: 'perf_events',
    title: 'Perf counters',
    unit: 'ratio',
    series: [{ key: 'ipc', label: 'IPC', color: C.a }],
  },
  {
    type: 'memory_bandwidth',
    title: 'Memory bandwidth',
    unit: 'mbps',
    series: [
      { key: 'memory_bandwidth_read_mbps', label: 'Read', color: C.a },
      { key: 'memory_bandwidth_write_mbps', label: 'Write', color: C.b },
    ],
  },
];

export const categoryOf = (type: MetricType): CategoryDef =>
  CATEGORIES.find((c) => c.type === type) ?? (CATEGORIES[0] as CategoryDef);

export type Row = { t: number } & Record<string, number | null>;

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** One live sample as a chart row for a category (interfaces and devices summed, loopback left out). */
export function liveRow(m: MetricsMessage, type: MetricType): Row {
  const d = m.data;
  const t = Date.parse(m.timestamp);
  const nics = Object.entries(d.network.interfaces)
    .filter(([name]) => name !== 'lo')
    .map(([, v]) => v);
  const disks = Object.values(d.disk.devices);
  switch (type) {
    case 'cpu':
      return {
        t,
        usage_percent: d.cpu.usage_percent,
        user: d.cpu.user,
        system: d.cpu.system,
        iowait: d.cpu.iowait,
      };
    case 'memory':
      return { t, usage_percent: d.memory.usage_percent };
    case 'network':
      return {
        t,
        bytes_recv_per_sec: sum(nics.map((n) => n.bytes_recv_per_sec)),
        bytes_sent_per_sec: sum(nics.map((n) => n.bytes_sent_per_sec)),
      };
    case 'disk':
      return {
        t,
        read_bytes_per_sec: sum(disks.map((x) => x.read_bytes_per_sec)),
        write_bytes_per_sec: sum(disks.map((x) => x.write_bytes_per_sec)),
      };
    case 'perf_events':
      return { t, ipc: d.perf.ipc };
    case 'memory_bandwidth':
      return {
        t,
        memory_bandwidth_read_mbps: d.perf.memory_bandwidth_read_mbps,
        memory_bandwidth_write_mbps: d.perf.memory_bandwidth_write_mbps,
      };
  }
}

const BYTE_STEPS = ['B/s', 'KiB/s', 'MiB/s', 'GiB/s'];

/** The power of 1024 a byte rate reads in: 0 for B/s up to 3 for GB/s. */
const byteStep = (v: number): number => {
  let i = 0;
  while (Math.abs(v) >= 1024 ** (i + 1) && i < BYTE_STEPS.length - 1) i += 1;
  return i;
};

export function formatValue(v: number | null | undefined, unit: Unit): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (unit === 'percent') return `${v.toFixed(1)} %`;
  if (unit === 'ratio') return v.toFixed(2);
  if (unit === 'mbps') return `${count(v)} MB/s`;
  return `${bytes(v)}/s`;
}

/** An axis tick: like formatValue, without the decimals a round tick does not need. */
export function formatTick(v: number, unit: Unit): string {
  const round = (x: number) => upToDecimals(x, 2);
  if (unit === 'percent') return `${round(v)} %`;
  if (unit === 'ratio') return round(v);
  if (unit === 'mbps') return `${round(v)} MB/s`;
  const i = byteStep(v);
  return `${round(v / 1024 ** i)} ${BYTE_STEPS[i]}`;
}
