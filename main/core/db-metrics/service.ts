// Runs in the main process and the headless server. Samples a connection's database every second
// over one spare session while something watches it (a dashboard's lease, a run), never otherwise;
// turns counters into rates with restarts and resets as breaks; stores samples and rollups.
import type { DbHistoryInput } from './history';
import type { DbMetric, DbSample } from '../../../shared/contract/db-metrics';
import type { ConnectionParams } from '../../../shared/model/connection';
import { AppError } from '../../../shared/errors';
import { type DbClient, openClient } from '../db/client';
import type { EventBus } from '../events';
import type { Logger } from '../logging/logger';
import type { Db } from '../store/database';
import type { DbCollector, Figures, RawDbSample } from './engines/collector';
import { metricsEngine } from './engines';
import { chooseInterval } from './history';
import { type Accumulated, accumulate, DbMetricsStore, LEVEL_MS, type RollupLevel } from './store';

export interface DbMetricsDeps {
  db: Db;
  events: EventBus;
  logger: Logger;
  resolveParams(connectionId: string): Promise<ConnectionParams>;
  /** Whether the connection exists (NOT_FOUND otherwise). */
  requireConnection(connectionId: string): void;
  intervalMs?: number;
  now?: () => number;
}

/** After a failed connect or sample, the next try waits this long. */
const RETRY_MS = 5000;

class Watcher {
  holders = 0;
  leaseUntil = 0;
  runId: string | null = null;
  private client: DbClient | null = null;
  private collector: DbCollector | null = null;
  private prev: { raw: RawDbSample; at: number } | null = null;
  /** A sample failed since the previous one (server down, restarting): the next starts a new series. */
  private outage = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly acc: Record<RollupLevel, { ts: number; data: Accumulated } | null> = {
    '1m': null,
    '1h': null,
  };

  constructor(
    private readonly id: string,
    private readonly svc: DbMetricsService,
  ) {}

  get wanted(): boolean {
    return this.holders > 0 || this.leaseUntil > this.svc.now();
  }

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.flush();
    await this.client?.close().catch(() => undefined);
    this.client = null;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), delay);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (!this.wanted) {
      this.svc.release(this.id);
      return;
    }
    const began = this.svc.now();
    try {
      if (!this.collector) {
        this.client = await openClient(await this.svc.deps.resolveParams(this.id));
        this.collector = await metricsEngine(this.client.type).open(this.client);
      }
      const raw = await this.collector.sample();
      this.record(raw, this.svc.now());
    } catch (err) {
      this.svc.deps.logger.warn(
        `database metrics of connection ${this.id}: ${err instanceof Error ? err.message : String(err)}`,
      );
      await this.client?.close().catch(() => undefined);
      this.client = null;
      this.collector = null;
      // The next sample after the outage starts a new series.
      this.outage = true;
      this.schedule(RETRY_MS);
      return;
    }
    // On the next whole interval, not drifting by the sample's own time.
    const every = this.svc.intervalMs;
    this.schedule(Math.max(0, every - ((this.svc.now() - began) % every)));
  }

  private record(raw: RawDbSample, at: number): void {
    const prev = this.prev;
    const broke =
      prev !== null &&
      (this.outage ||
        raw.epoch !== prev.raw.epoch ||
        Object.entries(raw.counters).some(([k, v]) => v < (prev.raw.counters[k] ?? -Infinity)));
    let rates: Figures = {};
    if (prev && !broke && this.collector)
      rates = this.collector.derive(prev.raw, raw, (at - prev.at) / 1000);
    this.prev = { raw, at };
    this.outage = false;
    const sample: DbSample = {
      connection_id: this.id,
      timestamp: new Date(at).toISOString(),
      values: { ...raw.gauges, ...rates },
      waits: raw.waits,
      break: broke,
      run_id: this.runId,
    };
    this.svc.store.insert(sample);
    this.roll(at, sample.values);
    this.svc.deps.events.emit('dbmetrics.sampled', sample);
  }

  /** Adds the sample to the open minute and hour; a finished one is written first. */
  private roll(at: number, values: DbSample['values']): void {
    for (const level of ['1m', '1h'] as const) {
      const ts = at - (at % LEVEL_MS[level]);
      const open = this.acc[level];
      if (open && open.ts !== ts) {
        this.svc.store.writeRollup(this.id, level, open.ts, open.data);
        if (level === '1h') this.svc.store.prune(at);
        this.acc[level] = null;
      }
      const cur = (this.acc[level] ??= { ts, data: {} });
      accumulate(cur.data, values);
    }
  }

  /** Writes the open rollups (their partial minute and hour) so history has them. */
  flush(): void {
    for (const level of ['1m', '1h'] as const) {
      const open = this.acc[level];
      if (open) this.svc.store.writeRollup(this.id, level, open.ts, open.data);
    }
  }
}

export class DbMetricsService {
  readonly store: DbMetricsStore;
  readonly intervalMs: number;
  readonly now: () => number;
  private readonly watchers = new Map<string, Watcher>();

  constructor(readonly deps: DbMetricsDeps) {
    this.store = new DbMetricsStore(deps.db);
    this.intervalMs = deps.intervalMs ?? 1000;
    this.now = deps.now ?? (() => Date.now());
  }

  /** Samples the connection until the returned function is called (calls nest). */
  watch(connectionId: string): () => void {
    const w = this.watcher(connectionId);
    w.holders += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      w.holders -= 1;
    };
  }

  /** Samples the connection for `seconds` more; renewing extends it. */
  lease(connectionId: string, seconds: number): { until: string } {
    this.deps.requireConnection(connectionId);
    const w = this.watcher(connectionId);
    w.leaseUntil = Math.max(w.leaseUntil, this.now() + seconds * 1000);
    return { until: new Date(w.leaseUntil).toISOString() };
  }

  /** Samples taken while a run is under way carry its id. */
  setRun(connectionId: string, runId: string | null): void {
    const w = this.watchers.get(connectionId);
    if (w) w.runId = runId;
  }

  live(connectionId: string): DbSample | null {
    this.lease(connectionId, 60);
    return this.store.latest(connectionId);
  }

  history(input: DbHistoryInput) {
    this.deps.requireConnection(input.id);
    const from = Date.parse(input.start_time);
    const to = Date.parse(input.end_time);
    if (!(to > from)) throw new AppError('BAD_INPUT', 'end_time must be after start_time');
    const interval = input.interval ?? chooseInterval(to - from);
    const metric: DbMetric = input.metric;
    // The open minute/hour is in memory: write it so the newest rollup is in the answer.
    this.watchers.get(input.id)?.flush();
    const points =
      interval === '1s'
        ? this.store.raw(input.id, metric, from, to)
        : this.store.rollup(input.id, interval, metric, from, to);
    return {
      connection_id: input.id,
      metric,
      interval,
      points: points.map((p) => ({
        timestamp: new Date(p.ts).toISOString(),
        avg: p.avg,
        min: p.min,
        max: p.max,
      })),
    };
  }

  /** Called by a watcher nobody wants any more. */
  release(connectionId: string): void {
    const w = this.watchers.get(connectionId);
    if (!w || w.wanted) return;
    this.watchers.delete(connectionId);
    void w.stop();
  }

  async close(): Promise<void> {
    const all = [...this.watchers.values()];
    this.watchers.clear();
    await Promise.all(all.map((w) => w.stop()));
  }

  private watcher(connectionId: string): Watcher {
    let w = this.watchers.get(connectionId);
    if (!w) {
      w = new Watcher(connectionId, this);
      this.watchers.set(connectionId, w);
      w.start();
    }
    return w;
  }
}
