// Runs in the main process, server and CLI. The contract's `dbmetrics.*` operations.
import type { Handlers } from '../../../shared/contract';
import type { dbMetricsOperations } from '../../../shared/contract/db-metrics';
import type { DbMetricsService } from './service';

type DbMetricsHandlers = Pick<Handlers, keyof typeof dbMetricsOperations>;

export const dbMetricsHandlers = (s: DbMetricsService): DbMetricsHandlers => ({
  'dbmetrics.live': async ({ id }) => s.live(id),
  'dbmetrics.watch': async ({ id, seconds }) => s.lease(id, seconds),
  'dbmetrics.history': async (input) => s.history(input),
});
