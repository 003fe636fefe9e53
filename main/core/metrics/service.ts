// Runs in the main process, server and CLI. Host metrics: owns the sampler (started only when
// asked), stores each sample with its run tag, publishes it, and runs retention hourly.
import { join } from 'node:path';
import type { MetricsConfig, MetricsData, MetricsMessage } from '../../../shared/contract/metrics';
import type { EventBus } from '../events';
import type { Logger } from '../logging/logger';
import type { Db } from '../store/database';
import { systemClock, type Clock } from './clock';
import { MetricsConfigStore } from './config-store';
import { HistoryStore } from './history-store';
import { HostReader } from './host-reader';
import { createPerfSource, defaultProbeEnv, probePerf, type PerfSource } from './perf-counters';
import { HistoryQueries } from './queries';
import { Retention, type RetentionResult } from './retention';
import { Sampler } from './sampler';

/** While a benchmark runs, the host is sampled every second whatever the configured interval. */
export const RUN_INTERVAL_MS = 1_000;
const RETENTION_EVERY_MS = 3_600_000;

export interface MetricsServiceOptions {
  db: Db;
  events: EventBus;
  logger: Logger;
  dataDir: string;
  clock?: Clock;
  procRoot?: string;
  sysRoot?: string;
  perf?: PerfSource;
}

export class MetricsService {
  readonly store: HistoryStore;
  readonly queries: HistoryQueries;
  readonly config: MetricsConfigStore;
  readonly retention: Retention;
  private readonly clock: Clock;
  private readonly sampler: Sampler;
  private perf: PerfSource | null = null;
  private readonly perfOverride: PerfSource | undefined;
  private latest: MetricsMessage | null = null;
  private activeRun: string | null = null;
  private retentionTimer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: MetricsServiceOptions) {
    this.clock = opts.clock ?? systemClock;
    this.store = new HistoryStore(opts.db);
    this.config = new MetricsConfigStore(opts.db, opts.logger);
    this.queries = new HistoryQueries(this.store, this.clock, () => this.config.get());
    this.retention = new Retention(opts.db, this.store, join(opts.dataDir, 'metrics-archive'));
    this.perfOverride = opts.perf;
    const reader = new HostReader({
      procRoot: opts.procRoot,
      sysRoot: opts.sysRoot,
      clock: this.clock,
      perf: { current: () => this.perfSource().current(), close() {} },
    });
    this.sampler = new Sampler({
      reader,
      clock: this.clock,
      logger: opts.logger,
      onSample: (ts, d) => this.record(ts, d),
    });
  }

  /** Probed on first use: a CLI that never samples never looks at perf. */
  private perfSource(): PerfSource {
    if (!this.perf) {
      this.perf =
        this.perfOverride ?? createPerfSource(probePerf(defaultProbeEnv()), this.opts.logger);
    }
    return this.perf;
  }

  get sampling(): boolean {
    return this.sampler.running;
  }

  get intervalMs(): number {
    return this.activeRun ? RUN_INTERVAL_MS : this.config.get().sampling_interval_seconds * 1000;
  }

  /** The pace the sampler keeps now (what a settings change must reach without a restart). */
  get samplerIntervalMs(): number {
    return this.sampler.intervalMs;
  }

  start(): void {
    if (this.sampler.running) return;
    this.sampler.start(this.intervalMs);
    this.runRetention();
    this.retentionTimer = setInterval(() => this.runRetention(), RETENTION_EVERY_MS);
    this.retentionTimer.unref();
  }

  stop(): void {
    this.sampler.stop();
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    this.retentionTimer = null;
    this.perf?.close();
    this.perf = null;
  }

  /** The benchmark engine's hook: samples taken while a run is active carry its id. */
  setActiveRun(runId: string | null): void {
    this.activeRun = runId;
    this.sampler.setIntervalMs(this.intervalMs);
  }

  get currentRun(): string | null {
    return this.activeRun;
  }

  current(): MetricsMessage | null {
    return this.latest;
  }

  /** One sample: store, then publish; exposed so tests and imports need no timer. */
  record(ts: number, data: MetricsData): void {
    const message: MetricsMessage = {
      type: 'metrics',
      timestamp: new Date(ts).toISOString(),
      data,
    };
    this.latest = message;
    try {
      this.store.insert(ts, this.activeRun, data);
    } catch (err) {
      this.opts.logger.error('storing a metrics sample failed', err);
    }
    this.opts.events.emit('metrics.sampled', message);
  }

  updateConfig(patch: Partial<MetricsConfig>): MetricsConfig {
    const before = this.config.get();
    const next = this.config.update(patch);
    this.applyConfig(before, next);
    return next;
  }

  /** The configuration another process stored (the CLI beside this owner), applied as it is. */
  reload(): void {
    const before = this.config.get();
    this.applyConfig(before, this.config.reload());
  }

  /** What a changed configuration does at once: the sampler's pace, retention's limits. */
  private applyConfig(before: MetricsConfig, next: MetricsConfig): void {
    if (JSON.stringify(before) !== JSON.stringify(next))
      this.opts.events.emit('config.updated', next);
    if (next.sampling_interval_seconds !== before.sampling_interval_seconds)
      this.sampler.setIntervalMs(this.intervalMs);
    if (
      next.retention_days !== before.retention_days ||
      next.downsample_after_days !== before.downsample_after_days ||
      next.downsample_interval !== before.downsample_interval
    ) {
      this.runRetention();
    }
  }

  runRetention(): RetentionResult | null {
    try {
      return this.retention.apply(this.clock.now(), this.config.get());
    } catch (err) {
      this.opts.logger.error('metrics retention failed', err);
      return null;
    }
  }
}
