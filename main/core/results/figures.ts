// Runs in the main process, server and CLI (and the CLI's gate). A run's headline figures and
// how one compares with the baseline's: delta in percent and a verdict by the metric's direction.
import type { RunMetrics } from '../../../shared/contract/benchmarks';
import {
  COMPARED_METRICS,
  METRIC_DIRECTION,
  SAME_WITHIN_PERCENT,
  type ComparedMetric,
  type FigureComparison,
  type Figures,
} from '../../../shared/contract/results';

export function figuresOf(m: RunMetrics | null): Figures {
  const l = m?.latency;
  return {
    qps: m?.qps ?? 0,
    tps: m?.tps ?? 0,
    avg: l?.avg ?? 0,
    p50: l?.p50 ?? 0,
    p95: l?.p95 ?? 0,
    p99: l?.p99 ?? 0,
    p999: l?.p999 ?? 0,
    max: l?.max ?? 0,
    errors: m?.errors ?? 0,
  };
}

/** Percent change from `base`; null when the baseline is zero and the value is not. */
export function deltaPercent(value: number, base: number): number | null {
  if (base === 0) return value === 0 ? 0 : null;
  return ((value - base) / Math.abs(base)) * 100;
}

/** Better or worse by the metric's direction; within ±SAME_WITHIN_PERCENT it is the same. */
export function verdictOf(
  metric: ComparedMetric,
  value: number,
  base: number,
): Exclude<FigureComparison['verdict'], 'baseline'> {
  const delta = deltaPercent(value, base);
  if (value === base || (delta !== null && Math.abs(delta) < SAME_WITHIN_PERCENT)) return 'same';
  const higher = value > base;
  return higher === (METRIC_DIRECTION[metric] === 'higher_better') ? 'better' : 'worse';
}

export function compareFigures(
  run: Figures,
  base: Figures,
  isBaseline: boolean,
): Record<ComparedMetric, FigureComparison> {
  const out = {} as Record<ComparedMetric, FigureComparison>;
  for (const k of COMPARED_METRICS) {
    out[k] = isBaseline
      ? { value: run[k], delta_percent: null, verdict: 'baseline' }
      : {
          value: run[k],
          delta_percent: deltaPercent(run[k], base[k]),
          verdict: verdictOf(k, run[k], base[k]),
        };
  }
  return out;
}
