// Runs in the main process and the headless server. Which resolution a history query answers at:
// the finest that keeps a chart under MAX_POINTS (raw seconds are kept a day, minutes a month).
import type { z } from 'zod';
import type { dbMetricsOperations } from '../../../shared/contract/db-metrics';

export type DbHistoryInput = z.output<(typeof dbMetricsOperations)['dbmetrics.history']['input']>;

const MAX_POINTS = 2000;

export function chooseInterval(spanMs: number): '1s' | '1m' | '1h' {
  if (spanMs / 1000 <= MAX_POINTS) return '1s';
  if (spanMs / 60_000 <= MAX_POINTS) return '1m';
  return '1h';
}
