// Runs in the main process, server and CLI. The metrics configuration in the settings table;
// checks the rules that span fields, which the contract's per-field schema cannot see.
import {
  DEFAULT_METRICS_CONFIG,
  metricsConfigSchema,
  type MetricsConfig,
} from '../../../shared/contract/metrics';
import { AppError } from '../../../shared/errors';
import type { Logger } from '../logging/logger';
import type { Db } from '../store/database';
import { readJsonSetting, writeJsonSetting } from '../store/json-setting';

const KEY = 'metrics.config';

export class MetricsConfigStore {
  private cached: MetricsConfig | null = null;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
  ) {}

  get(): MetricsConfig {
    if (this.cached) return this.cached;
    const stored = readJsonSetting(this.db, KEY);
    let config = DEFAULT_METRICS_CONFIG;
    if (stored !== undefined) {
      const parsed = metricsConfigSchema.safeParse({
        ...DEFAULT_METRICS_CONFIG,
        ...(typeof stored === 'object' ? stored : {}),
      });
      if (parsed.success) config = parsed.data;
      else this.logger.warn('stored metrics configuration is invalid; using the defaults');
    }
    this.cached = config;
    return config;
  }

  /** The configuration as stored now: another process may have changed it. */
  reload(): MetricsConfig {
    this.cached = null;
    return this.get();
  }

  update(patch: Partial<MetricsConfig>): MetricsConfig {
    const next = { ...this.get(), ...patch };
    if (next.downsample_after_days > next.retention_days) {
      throw new AppError(
        'BAD_INPUT',
        `downsample_after_days (${next.downsample_after_days}) must not exceed retention_days (${next.retention_days})`,
      );
    }
    writeJsonSetting(this.db, KEY, next);
    this.cached = next;
    return next;
  }
}
