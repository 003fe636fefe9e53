// Runs in the main process and the headless server. Which resolution a history query answers at:
// the finest that keeps a chart under MAX_POINTS (raw seconds are kept a day, minutes a month).
import type { z } from 'zod';
import { AppError } from '../../../shared/errors';
import type { dbMetricsOperations } from '../../../shared/contract/db-metrics';
import type { SeriesStore } from './store';

export type DbHistoryInput = z.output<(typeof dbMetricsOperations)['dbmetrics.history']['input']>;

const MAX_POINTS = 2000;

export function chooseInterval(spanMs: number): '1s' | '1m' | '1h' {
  if (spanMs / 1000 <= MAX_POINTS) return '1s';
  if (spanMs / 60_000 <= MAX_POINTS) return '1m';
  return '1h';
}

/** One figure of a per-connection series over a time range, at the asked or the chosen interval. */
export function readHistory<M extends string>(
  store: SeriesStore,
  input: {
    id: string;
    metric: M;
    start_time: string;
    end_time: string;
    interval?: '1s' | '1m' | '1h' | undefined;
  },
) {
  const from = Date.parse(input.start_time);
  const to = Date.parse(input.end_time);
  if (!(to > from)) throw new AppError('BAD_INPUT', 'end_time must be after start_time');
  const interval = input.interval ?? chooseInterval(to - from);
  const points =
    interval === '1s'
      ? store.raw(input.id, input.metric, from, to)
      : store.rollup(input.id, interval, input.metric, from, to);
  return {
    connection_id: input.id,
    metric: input.metric,
    interval,
    points: points.map((p) => ({
      timestamp: new Date(p.ts).toISOString(),
      avg: p.avg,
      min: p.min,
      max: p.max,
    })),
  };
}
