// Runs in the main process, server and CLI. The host metrics operations: thin calls into the
// service; inputs arrive validated by the dispatcher.
import type { Handlers } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { MetricsService } from './service';

type MetricsHandlers = Pick<
  Handlers,
  | 'metrics.current'
  | 'history.metrics'
  | 'history.types'
  | 'history.compare'
  | 'history.run'
  | 'config.get'
  | 'config.update'
  | 'config.retention'
>;

/** `runExists` tells an unknown run (404) from a run that recorded no host samples (empty). */
export const metricsHandlers = (
  metrics: MetricsService,
  runExists: (id: string) => boolean,
): MetricsHandlers => ({
  'metrics.current': async () => ({
    sampling: metrics.sampling,
    interval_seconds: metrics.intervalMs / 1000,
    sample: metrics.current(),
  }),
  'history.metrics': async (input) => metrics.queries.history(input),
  'history.types': async () => metrics.queries.types(),
  'history.compare': async (input) => metrics.queries.compare(input),
  'history.run': async ({ run_id }) => {
    if (!runExists(run_id)) throw new AppError('NOT_FOUND', `No benchmark run with id ${run_id}.`);
    return metrics.queries.run(run_id);
  },
  'config.get': async () => metrics.config.get(),
  'config.update': async (patch) => ({
    message: 'Configuration updated',
    config: metrics.updateConfig(patch),
  }),
  'config.retention': async () => {
    const { oldest, newest } = metrics.store.span();
    const cfg = metrics.config.get();
    return {
      retention_days: cfg.retention_days,
      archive_enabled: cfg.archive_enabled,
      downsample_after_days: cfg.downsample_after_days,
      downsample_interval: cfg.downsample_interval,
      current_data_size_mb: Math.round((metrics.store.sizeBytes() / 1_048_576) * 100) / 100,
      oldest_record: oldest === null ? null : new Date(oldest).toISOString(),
      newest_record: newest === null ? null : new Date(newest).toISOString(),
    };
  },
});
