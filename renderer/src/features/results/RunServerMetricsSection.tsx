// Runs in the renderer. A run page's section on the database and its server host during the run:
// the figures sampled every second, averaged per report interval and drawn on the run's own time
// axis (seconds into the measurement), so a dip in throughput lines up with what the server did.
import { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import { ACTIVE_STATUSES, type RunStatusView } from '../../../../shared/contract/benchmarks';
import type { ServerIntervalFigures } from '../../../../shared/contract/results';
import { useRunServerMetricsStore } from '../../app/stores-context';
import { RunChart, type RunChartSeries } from '../benchmarks/RunChart';
import { RunSection } from './RunFacts';
import { sigDigits } from '../../components/figure-format';

interface ChartSpec {
  title: string;
  testId: string;
  side: 'database' | 'host';
  series: readonly (RunChartSeries & { metric: string })[];
}

const CHARTS: readonly ChartSpec[] = [
  {
    title: 'Database: transactions/s',
    testId: 'run-server-db-tps',
    side: 'database',
    series: [
      { key: 'tps', metric: 'transactions_per_sec', label: 'Transactions/s', color: '#0891b2' },
      { key: 'rollbacks', metric: 'rollbacks_per_sec', label: 'Rollbacks/s', color: '#dc2626' },
    ],
  },
  {
    title: 'Database: sessions',
    testId: 'run-server-db-sessions',
    side: 'database',
    series: [
      { key: 'active', metric: 'sessions_active', label: 'Active', color: '#4f7cff' },
      {
        key: 'waiting',
        metric: 'sessions_waiting_lock',
        label: 'Waiting on a lock',
        color: '#e0803a',
      },
    ],
  },
  {
    title: 'Database: cache hit ratio (%)',
    testId: 'run-server-db-cache',
    side: 'database',
    series: [{ key: 'hit', metric: 'cache_hit_percent', label: 'Cache hit %', color: '#16a34a' }],
  },
  {
    title: 'Server host: CPU (%)',
    testId: 'run-server-host-cpu',
    side: 'host',
    series: [
      { key: 'cpu', metric: 'cpu_usage_percent', label: 'CPU %', color: '#9333ea' },
      { key: 'iowait', metric: 'cpu_iowait_percent', label: 'I/O wait %', color: '#ca8a04' },
    ],
  },
  {
    title: 'Server host: disk utilisation (%)',
    testId: 'run-server-host-disk',
    side: 'host',
    series: [
      { key: 'util', metric: 'disk_utilization_percent', label: 'Busy %', color: '#4b5563' },
    ],
  },
];

const format = (v: number) => sigDigits(v, 3);

/** One chart row per interval: `t` and each series' average over that interval. */
function rowsOf(intervals: readonly ServerIntervalFigures[], spec: ChartSpec) {
  return intervals.map((i) => {
    const row: Record<string, number | null> = { t: i.t };
    for (const s of spec.series) row[s.key] = i.values[s.metric]?.avg ?? null;
    return row;
  });
}

/** Seconds between reloads while the run is still going. */
const LIVE_RELOAD_MS = 5000;

export function RunServerMetricsSection({
  run,
  warmupUntil,
}: {
  run: RunStatusView;
  warmupUntil: number | null;
}) {
  const store = useRunServerMetricsStore();
  const load = useStore(store, (s) => s.load);
  const figures = useStore(store, (s) => (s.runId === run.id ? s.figures : null));
  const error = useStore(store, (s) => (s.runId === run.id ? s.error : null));
  const active = ACTIVE_STATUSES.includes(run.status);
  useEffect(() => {
    void load(run.id);
    if (!active) return;
    const timer = setInterval(() => void load(run.id), LIVE_RELOAD_MS);
    return () => clearInterval(timer);
  }, [load, run.id, run.status, active]);
  const charts = useMemo(
    () =>
      CHARTS.map((spec) => ({
        spec,
        rows: figures ? rowsOf(figures[spec.side], spec) : [],
      })).filter((c) => c.rows.some((r) => c.spec.series.some((s) => r[s.key] !== null))),
    [figures],
  );
  const hasHost = (figures?.host.length ?? 0) > 0;
  return (
    <RunSection id="server-metrics" title="The database and its server">
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {figures && charts.length === 0 && (
        <p className="bench-empty">No database figures were sampled during this run.</p>
      )}
      {charts.map(({ spec, rows }) => (
        <RunChart
          key={spec.testId}
          title={spec.title}
          rows={rows}
          series={spec.series}
          testId={spec.testId}
          format={format}
          warmupUntil={warmupUntil}
        />
      ))}
      {figures && !hasHost && charts.length > 0 && (
        <p className="bench-empty" data-testid="run-server-no-host">
          The server host's CPU and disks are read over SSH: they show for connections that go
          through an SSH tunnel.
        </p>
      )}
    </RunSection>
  );
}
