// Runs in the renderer. A run's intervals as chart rows: placed on the time axis by the
// partial-interval rule, with the warm-up and partial spans and the latency axis's unit (seconds
// above 1 000 ms). The charts reduce the rows to their pixel width themselves.
import { useMemo } from 'react';
import type { RunInterval, RunStatusView } from '../../../../shared/contract/benchmarks';
import { type LatencyAxis, latencyAxis } from '../../components/figure-format';
import { extent } from '../../components/axis-ticks';
import { type PlacedInterval, partialOf, placeIntervals } from './interval-rows';
import type { PartialSpan } from './RunChart';

export type ChartRow = { t: number } & Record<string, number | null>;

export const LATENCY_KEYS = ['p50', 'p95', 'p99'] as const;
export const LATENCY_SERIES = [
  { key: 'p50', label: 'p50', color: '#16a34a' },
  { key: 'p95', label: 'p95', color: '#d97706' },
  { key: 'p99', label: 'p99', color: '#dc2626' },
];

/** The figures every run chart draws from one interval. */
const figures = (i: RunInterval) => ({
  qps: Math.round(i.qps),
  tps: Math.round(i.tps),
  p50: i.latency.p50,
  p95: i.latency.p95,
  p99: i.latency.p99,
  lag_p99: i.lag_p99,
  errors: i.errors,
});

export interface RunChartData {
  placed: PlacedInterval[];
  rows: ChartRow[];
  warmupUntil: number | null;
  partial: PartialSpan | null;
  latency: LatencyAxis;
}

/** Finished runs give their totals, which tell a partial last interval's length. */
export function useRunChartData(
  intervals: readonly RunInterval[],
  run: Pick<RunStatusView, 'config' | 'metrics' | 'detail' | 'status'>,
): RunChartData {
  const intervalS = run.config.report_interval_ms / 1000;
  const finished = !['preparing', 'warming_up', 'running'].includes(run.status);
  const queries = finished ? run.detail.queries : 0;
  const qps = finished ? run.metrics.qps : 0;
  return useMemo(() => {
    const placed = placeIntervals(intervals, intervalS, finished ? { queries, qps } : null);
    const rows = placed.map((p) => ({ t: p.x, ...figures(p.interval) }));
    const part = partialOf(placed);
    const [, maxMs] = extent(rows, [...LATENCY_KEYS, 'lag_p99']);
    return {
      placed,
      rows,
      warmupUntil: placed.findLast((p) => p.interval.warmup)?.x ?? null,
      partial: part ? { from: part.x - part.length, to: part.x } : null,
      latency: latencyAxis(maxMs),
    };
  }, [intervals, intervalS, finished, queries, qps]);
}
