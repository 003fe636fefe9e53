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

const KEY = 'metrics.config';

export class MetricsConfigStore {
  private cached: MetricsConfig | null = null;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
  ) {}

  get(): MetricsConfig {
    if (this.cached) return this.cached;
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as
      { value: string } | undefined;
    let config = DEFAULT_METRICS_CONFIG;
    if (row) {
      const parsed = metricsConfigSchema.safeParse({
        ...DEFAULT_METRICS_CONFIG,
        ...parseJson(row.value),
      });
      if (parsed.success) config = parsed.data;
      else this.logger.warn('stored metrics configuration is invalid; using the defaults');
    }
    this.cached = config;
    return config;
  }

  update(patch: Partial<MetricsConfig>): MetricsConfig {
    const next = { ...this.get(), ...patch };
    if (next.downsample_after_days > next.retention_days) {
      throw new AppError(
        'BAD_INPUT',
        `downsample_after_days (${next.downsample_after_days}) must not exceed retention_days (${next.retention_days})`,
      );
    }
    this.db
      .prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      )
      .run(KEY, JSON.stringify(next));
    this.cached = next;
    return next;
  }
}

function parseJson(text: string): object {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null ? v : {};
  } catch {
    return {};
  }
}
