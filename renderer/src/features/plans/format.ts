// Runs in the renderer (pure). How the Run plan panel writes its figures.
import type { Figure, Stat } from '../../../../shared/contract/plans';

export const FIGURE_LABELS: Record<Figure, string> = {
  qps: 'QPS',
  tps: 'TPS',
  p50: 'p50 latency',
  p95: 'p95 latency',
  p99: 'p99 latency',
};

export const isLatency = (f: Figure) => f !== 'qps' && f !== 'tps';

export const count = (v: number) => Math.round(v).toLocaleString();
export const ms = (v: number) => `${v.toFixed(v < 10 ? 3 : v < 100 ? 2 : 1)} ms`;
export const figureText = (f: Figure, v: number) => (isLatency(f) ? ms(v) : count(v));

/** "± 12" (half the 95% interval), or a dash for a single run. */
export const plusMinus = (f: Figure, s: Stat) =>
  s.n > 1 ? `± ${figureText(f, (s.ci_high - s.ci_low) / 2)}` : '—';
