// Runs in the main process and the headless server. What an engine's metrics module gives the
// sampler: raw counters and gauges from one or two cheap catalog queries, and the figures derived
// from two consecutive raw samples. Engine knowledge stays in engines/<engine>.ts.
import type { DbMetric } from '../../../../shared/contract/db-metrics';
import type { DbClient } from '../../db/client';

export type Figures = Partial<Record<DbMetric, number | null>>;

export interface RawDbSample {
  /** Cumulative counters, compared with the previous sample's. */
  counters: Record<string, number>;
  /** Figures read as they are (sessions, ages, lag). */
  gauges: Figures;
  waits: Record<string, number>;
  /** Changes when the server restarted (its start time, or its uptime going backwards). */
  epoch: number;
}

export interface DbCollector {
  sample(): Promise<RawDbSample>;
  /** Rates and ratios between two raw samples `seconds` apart (no break between them). */
  derive(prev: RawDbSample, cur: RawDbSample, seconds: number): Figures;
}

export interface DbMetricsEngine {
  open(client: DbClient): Promise<DbCollector>;
}

/** Per-second change of a counter; null where it is missing on either side. */
export function rate(
  prev: RawDbSample,
  cur: RawDbSample,
  seconds: number,
  ...keys: string[]
): number | null {
  let sum = 0;
  for (const k of keys) {
    const a = prev.counters[k];
    const b = cur.counters[k];
    if (a === undefined || b === undefined) return null;
    sum += b - a;
  }
  return sum / seconds;
}

/** Hits as a percentage of all reads over the interval; null when nothing was read. */
export function hitPercent(hits: number | null, misses: number | null): number | null {
  if (hits === null || misses === null || hits + misses <= 0) return null;
  return (hits / (hits + misses)) * 100;
}

export const num = (v: unknown): number | null => {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};
