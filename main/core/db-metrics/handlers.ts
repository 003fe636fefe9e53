// Runs in the main process, server and CLI. The contract's `dbmetrics.*` operations.
import type { Handlers } from '../../../shared/contract';
import type { dbMetricsOperations } from '../../../shared/contract/db-metrics';
import type { HostMetricsService } from '../host-metrics/service';
import type { DbMetricsService } from './service';

type DbMetricsHandlers = Pick<Handlers, keyof typeof dbMetricsOperations>;

/** A dashboard's watch covers the server's host too, where the connection goes through SSH. */
export const dbMetricsHandlers = (
  s: DbMetricsService,
  host: HostMetricsService,
): DbMetricsHandlers => ({
  'dbmetrics.live': async ({ id }) => s.live(id),
  'dbmetrics.watch': async ({ id, seconds, lease }) => {
    const until = s.lease(id, seconds, lease);
    host.lease(id, seconds, lease);
    return until;
  },
  'dbmetrics.unwatch': async ({ id, lease }) => {
    s.requireConnection(id);
    s.endLease(id, lease);
    host.endLease(id, lease);
    return { watching: s.watching().includes(id) };
  },
  'dbmetrics.history': async (input) => s.history(input),
});
