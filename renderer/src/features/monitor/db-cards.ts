// Runs in the renderer (pure). What a connection's dashboard draws: one card per question a DBA
// asks while a load runs (throughput, sessions, cache, locks, replication, the server's CPU and
// I/O), which figures each plots, their unit and alert lines, and how figures read.
import type { DbMetric } from '../../../../shared/contract/db-metrics';
import type { HostMetric } from '../../../../shared/contract/host-metrics';
import { formatValue } from './series';
import { upToDecimals } from '../../components/figure-format';

export type DbUnit = 'perSec' | 'count' | 'percent' | 'seconds' | 'bytesPerSec' | 'ms';

export interface DbCardSeries<M extends string> {
  key: M;
  label: string;
  color: string;
}

export interface DbCard {
  id: string;
  title: string;
  source: 'db' | 'host';
  unit: DbUnit;
  series: DbCardSeries<string>[];
  thresholds?: { value: number; label: string }[];
  /** Said when no series has a value (e.g. not a replica, no replicas). */
  empty: string;
}

const C = { a: '#4f6bed', b: '#e0803a', c: '#3aa57a', d: '#b457c9', e: '#d64545' };

const db = (s: DbCardSeries<DbMetric>[]) => s;
const host = (s: DbCardSeries<HostMetric>[]) => s;

export const DB_CARDS: readonly DbCard[] = [
  {
    id: 'throughput',
    title: 'Throughput',
    source: 'db',
    unit: 'perSec',
    series: db([
      { key: 'transactions_per_sec', label: 'Transactions', color: C.a },
      { key: 'queries_per_sec', label: 'Queries', color: C.c },
      { key: 'rollbacks_per_sec', label: 'Rollbacks', color: C.e },
    ]),
    empty: 'No throughput figures yet.',
  },
  {
    id: 'sessions',
    title: 'Sessions by state',
    source: 'db',
    unit: 'count',
    series: db([
      { key: 'sessions_active', label: 'Active', color: C.a },
      { key: 'sessions_idle', label: 'Idle', color: C.c },
      { key: 'sessions_idle_in_transaction', label: 'Idle in transaction', color: C.b },
      { key: 'sessions_waiting_lock', label: 'Waiting on a lock', color: C.e },
    ]),
    empty: 'No session figures yet.',
  },
  {
    id: 'cache',
    title: 'Cache hit ratio',
    source: 'db',
    unit: 'percent',
    series: db([{ key: 'cache_hit_percent', label: 'Hits', color: C.a }]),
    thresholds: [{ value: 90, label: 'alert below 90 %' }],
    empty: 'No reads since the samples began, so no hit ratio.',
  },
  {
    id: 'locks',
    title: 'Lock waits',
    source: 'db',
    unit: 'perSec',
    series: db([
      { key: 'lock_waits_per_sec', label: 'Lock waits', color: C.b },
      { key: 'deadlocks_per_sec', label: 'Deadlocks', color: C.e },
    ]),
    empty: 'This server does not report lock waits.',
  },
  {
    id: 'replication',
    title: 'Replication lag',
    source: 'db',
    unit: 'seconds',
    series: db([{ key: 'replication_lag_s', label: 'Lag', color: C.d }]),
    thresholds: [{ value: 30, label: 'alert above 30 s' }],
    empty: 'Not a replica, and no replica is connected to it.',
  },
  {
    id: 'host-cpu',
    title: 'Server host CPU',
    source: 'host',
    unit: 'percent',
    series: host([
      { key: 'cpu_usage_percent', label: 'Usage', color: C.a },
      { key: 'cpu_iowait_percent', label: 'I/O wait', color: C.d },
    ]),
    thresholds: [{ value: 90, label: 'alert above 90 %' }],
    empty: 'No samples of the server host yet.',
  },
  {
    id: 'host-io',
    title: 'Server host disk I/O',
    source: 'host',
    unit: 'bytesPerSec',
    series: host([
      { key: 'disk_read_bytes_per_sec', label: 'Read', color: C.a },
      { key: 'disk_write_bytes_per_sec', label: 'Written', color: C.b },
    ]),
    empty: 'No samples of the server host yet.',
  },
];

export const cardMetrics = (source: 'db' | 'host'): string[] =>
  DB_CARDS.filter((c) => c.source === source).flatMap((c) => c.series.map((s) => s.key));

const compact = (v: number) => upToDecimals(v, Math.abs(v) < 10 ? 2 : Math.abs(v) < 100 ? 1 : 0);

/** A figure as the card and the axis read it. */
export function formatFigure(v: number | null | undefined, unit: DbUnit): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  switch (unit) {
    case 'perSec':
      return `${compact(v)}/s`;
    case 'count':
      return compact(v);
    case 'percent':
      return `${compact(v)} %`;
    case 'seconds':
      return `${compact(v)} s`;
    case 'ms':
      return `${compact(v)} ms`;
    case 'bytesPerSec':
      return formatValue(v, 'bytesPerSec');
  }
}
