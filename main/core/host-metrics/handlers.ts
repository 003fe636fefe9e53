// Runs in the main process, server and CLI. The contract's `hostmetrics.*` operations.
import type { Handlers } from '../../../shared/contract';
import type { hostMetricsOperations } from '../../../shared/contract/host-metrics';
import type { HostMetricsService } from './service';

type HostMetricsHandlers = Pick<Handlers, keyof typeof hostMetricsOperations>;

export const hostMetricsHandlers = (s: HostMetricsService): HostMetricsHandlers => ({
  'hostmetrics.live': async ({ id }) => s.live(id),
  'hostmetrics.history': async (input) => s.history(input),
});
