// Runs in the main process and the headless server. Samples a connection's database every second
// over one spare session while something watches it (a dashboard's lease, a run), never otherwise;
// turns counters into rates with restarts and resets as breaks; stores samples and rollups.
import type { DbHistoryInput } from './history';
import type { DbSample } from '../../../shared/contract/db-metrics';
import type { ConnectionParams } from '../../../shared/model/connection';
import { type DbClient, openClient } from '../db/client';
import { sqlEngineOf } from '../engines/registry';
import type { EventBus } from '../events';
import type { Logger } from '../logging/logger';
import type { Db } from '../store/database';
import type { DbCollector, RawDbSample } from './engines/collector';
import { readHistory } from './history';
import { SeriesService, SeriesWatcher } from './series-watcher';
import { DbMetricsStore } from './store';

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

class Watcher extends SeriesWatcher {
  private client: DbClient | null = null;
  private collector: DbCollector | null = null;
  private prev: { raw: RawDbSample; at: number } | null = null;
  /** A sample failed since the previous one (server down, restarting): the next starts a new series. */
  private outage = false;

  constructor(
    id: string,
    private readonly svc: DbMetricsService,
  ) {
    super(id, svc, svc.store);
  }

  override async stop(): Promise<void> {
    await super.stop();
    await this.client?.close().catch(() => undefined);
    this.client = null;
  }

  protected async sample(): Promise<void> {
    if (!this.collector) {
      // Its own session, running only our fixed SQL: it may send both statements at once.
      this.client = await openClient(await this.svc.deps.resolveParams(this.id), { batches: true });
      this.collector = await sqlEngineOf(this.client.type).serverMetrics.open(this.client);
    }
    const raw = await this.collector.sample();
    this.record(raw, this.svc.now());
  }

  protected async failed(err: unknown): Promise<void> {
    this.svc.deps.logger.warn(
      `database metrics of connection ${this.id}: ${err instanceof Error ? err.message : String(err)}`,
    );
    await this.client?.close().catch(() => undefined);
    this.client = null;
    this.collector = null;
    // The next sample after the outage starts a new series.
    this.outage = true;
  }

  private record(raw: RawDbSample, at: number): void {
    const prev = this.prev;
    const broke =
      prev !== null &&
      (this.outage || raw.epoch !== prev.raw.epoch || wentBack(prev.raw.counters, raw.counters));
    const values =
      prev && !broke && this.collector
        ? { ...raw.gauges, ...this.collector.derive(prev.raw, raw, (at - prev.at) / 1000) }
        : raw.gauges;
    this.prev = { raw, at };
    this.outage = false;
    const sample: DbSample = {
      connection_id: this.id,
      timestamp: new Date(at).toISOString(),
      values,
      waits: raw.waits,
      break: broke,
      run_id: this.runId,
    };
    this.svc.store.insert(sample, at);
    this.rollups.add(at, values);
    this.svc.deps.events.emit('dbmetrics.sampled', sample);
  }
}

/** Whether a counter went backwards (a reset): the series breaks there. */
function wentBack(prev: Record<string, number>, cur: Record<string, number>): boolean {
  for (const k in cur) if (cur[k]! < (prev[k] ?? -Infinity)) return true;
  return false;
}

export class DbMetricsService extends SeriesService<Watcher> {
  readonly store: DbMetricsStore;

  constructor(readonly deps: DbMetricsDeps) {
    super(deps);
    this.store = new DbMetricsStore(deps.db);
  }

  protected create(connectionId: string): Watcher {
    return new Watcher(connectionId, this);
  }

  /** Samples the connection for `seconds` more; renewing extends it. */
  lease(connectionId: string, seconds: number, name?: string): { until: string } {
    this.requireConnection(connectionId);
    const w = this.extendLease(connectionId, seconds, name);
    return { until: new Date(w?.leaseUntil ?? this.now()).toISOString() };
  }

  live(connectionId: string): DbSample | null {
    this.lease(connectionId, 60);
    return this.store.latest(connectionId);
  }

  /** A 404 for an unknown connection. */
  requireConnection(connectionId: string): void {
    this.deps.requireConnection(connectionId);
  }

  history(input: DbHistoryInput) {
    this.requireConnection(input.id);
    // The open minute/hour is in memory: write it so the newest rollup is in the answer.
    this.watchers.get(input.id)?.flush();
    return readHistory(this.store, input);
  }
}
