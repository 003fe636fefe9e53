// Runs in the main process, server and CLI. The report's section on the database and its server
// host during each run: a few figures per report interval (their average), one line per run,
// on the same time axis as the run's own QPS chart. Empty when no run has such figures.
import type { RunServerMetrics } from '../../../../shared/contract/results';
import { lineChart, type ChartSeries } from './svg-chart';

export interface RunServerFigures {
  /** How the report names the run in legends ("run 1"). */
  name: string;
  color: string;
  metrics: RunServerMetrics;
}

const CHARTS = [
  {
    id: 'server-db-tps',
    side: 'database',
    metric: 'transactions_per_sec',
    title: 'Database: transactions/s',
    y: 'tx/s',
  },
  {
    id: 'server-db-sessions',
    side: 'database',
    metric: 'sessions_active',
    title: 'Database: active sessions',
    y: 'sessions',
  },
  {
    id: 'server-db-locks',
    side: 'database',
    metric: 'sessions_waiting_lock',
    title: 'Database: sessions waiting on a lock',
    y: 'sessions',
  },
  {
    id: 'server-db-cache',
    side: 'database',
    metric: 'cache_hit_percent',
    title: 'Database: cache hit ratio',
    y: '%',
  },
  {
    id: 'server-host-cpu',
    side: 'host',
    metric: 'cpu_usage_percent',
    title: 'Server host: CPU',
    y: '%',
  },
  {
    id: 'server-host-io',
    side: 'host',
    metric: 'disk_utilization_percent',
    title: 'Server host: disk utilisation',
    y: '%',
  },
] as const;

export function serverSection(runs: readonly RunServerFigures[]): string {
  const figures = CHARTS.flatMap((c) => {
    const series: ChartSeries[] = runs.map((r) => ({
      name: r.name,
      color: r.color,
      points: r.metrics[c.side].flatMap((i) => {
        const v = i.values[c.metric];
        return v ? [{ x: i.t, y: v.avg }] : [];
      }),
    }));
    if (!series.some((s) => s.points.length)) return [];
    return [
      `<figure id="${c.id}">${lineChart({ title: c.title, xLabel: 'seconds measured', yLabel: c.y, series })}</figure>`,
    ];
  });
  if (figures.length === 0) return '';
  return `<h2>The database and its server during the runs</h2>
<p class="meta">Sampled every second by Benchphant while each run went, averaged over each report interval.</p>
<div class="charts">${figures.join('\n')}</div>`;
}
