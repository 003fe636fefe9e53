// Runs in the renderer (pure). How the Run plan panel writes its figures.
import type { Figure, Stat } from '../../../../shared/contract/plans';
import { count as formatCount, latency } from '../../components/figure-format';

export const FIGURE_LABELS: Record<Figure, string> = {
  qps: 'QPS',
  tps: 'TPS',
  p50: 'p50 latency',
  p95: 'p95 latency',
  p99: 'p99 latency',
};

export const isLatency = (f: Figure) => f !== 'qps' && f !== 'tps';

// Counts and latencies read as everywhere else (seconds from 1 000 ms): one formatter.
export const count = formatCount;
export const ms = latency;
export const figureText = (f: Figure, v: number) => (isLatency(f) ? ms(v) : count(v));

/** "± 12" (half the 95% interval), or a dash for a single run. */
export const plusMinus = (f: Figure, s: Stat) =>
  s.n > 1 ? `± ${figureText(f, (s.ci_high - s.ci_low) / 2)}` : '—';
