// Runs in the main process, server and CLI (pure). A plan's results from its runs' figures: mean
// and 95% CI of the repetitions, the sweep's curves. Only completed runs count: a cancelled or
// failed run measured something else than the plan asked for.
import type { RunMetrics } from '../../../shared/contract/benchmarks';
import {
  FIGURES,
  type Figure,
  type FigureStats,
  type PlanView,
} from '../../../shared/contract/plans';
import { ALPHA, confidenceInterval, welchTTest } from '../results/statistics';

export interface MeasuredRun {
  point: number;
  value: number | null;
  metrics: RunMetrics;
}

const figure = (m: RunMetrics, f: Figure): number =>
  f === 'qps' ? m.qps : f === 'tps' ? m.tps : m.latency[f];

/** Mean and 95% CI of each figure over the runs (at least one). */
export function figureStats(runs: readonly RunMetrics[]): FigureStats {
  return Object.fromEntries(
    FIGURES.map((f) => [f, confidenceInterval(runs.map((m) => figure(m, f)))]),
  ) as FigureStats;
}

/** One point per swept value that has a completed run, in the order the values were given. */
export function sweepCurves(
  parameter: string,
  runs: readonly MeasuredRun[],
): NonNullable<PlanView['sweep']> {
  const byPoint = new Map<number, { value: number; metrics: RunMetrics[] }>();
  for (const r of runs) {
    if (r.value === null) continue;
    const p = byPoint.get(r.point) ?? { value: r.value, metrics: [] };
    p.metrics.push(r.metrics);
    byPoint.set(r.point, p);
  }
  const ordered = [...byPoint.entries()].sort(([a], [b]) => a - b).map(([, p]) => p);
  const points = ordered.map((p, i) => {
    const before = ordered[i - 1];
    const welch = before
      ? welchTTest(
          before.metrics.map((m) => m.qps),
          p.metrics.map((m) => m.qps),
        )
      : null;
    return {
      value: p.value,
      figures: figureStats(p.metrics),
      vs_previous: welch
        ? {
            test: "Welch's t-test" as const,
            p_value: welch.p_value,
            significant: welch.p_value < ALPHA,
          }
        : null,
    };
  });
  return {
    parameter,
    points,
    latency_throughput: points
      .map((p) => ({ value: p.value, qps: p.figures.qps.mean, p99: p.figures.p99.mean }))
      .sort((a, b) => a.qps - b.qps),
  };
}
