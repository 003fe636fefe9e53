// Runs in the main process and the headless server. Samples the server host of each watched
// connection that goes through SSH, every second over its shared SSH session (one command per
// sample), never otherwise; stores samples and rollups per connection like database metrics.
import type { z } from 'zod';
import type { HostSample, hostMetricsOperations } from '../../../shared/contract/host-metrics';
import { AppError } from '../../../shared/errors';
import type { EventBus } from '../events';
import type { Logger } from '../logging/logger';
import type { Db } from '../store/database';
import { readHistory } from '../db-metrics/history';
import { SeriesWatcher } from '../db-metrics/series-watcher';
import { SeriesStore } from '../db-metrics/store';
import { RemoteHostReader, type RemoteShell } from './remote-reader';

export interface HostMetricsDeps {
  db: Db;
  events: EventBus;
  logger: Logger;
  /**
   * The SSH host of a connection (for messages), or null when it does not go through SSH.
   * Throws NOT_FOUND for an unknown connection.
   */
  sshHost(connectionId: string): string | null;
  /** Where the sampling command runs: the connection's shared SSH session. */
  shell(connectionId: string): Promise<RemoteShell>;
  intervalMs?: number;
  now?: () => number;
}

export type HostHistoryInput = z.output<
  (typeof hostMetricsOperations)['hostmetrics.history']['input']
>;

export class HostMetricsStore extends SeriesStore {
  constructor(db: Db) {
    super(db, { samples: 'host_metric_samples', rollups: 'host_metric_rollups' });
  }

  insert(s: HostSample): void {
    this.insertRow(s.connection_id, Date.parse(s.timestamp), s.run_id, false, {
      v: s.values,
      c: s.per_core,
      p: s.processes,
    });
  }

  latest(connectionId: string): HostSample | null {
    const r = this.latestRow<{
      v: HostSample['values'];
      c: HostSample['per_core'];
      p: HostSample['processes'];
    }>(connectionId);
    if (!r) return null;
    const d = r.data;
    return {
      connection_id: connectionId,
      timestamp: new Date(r.ts).toISOString(),
      values: d.v,
      per_core: d.c,
      processes: d.p,
      run_id: r.run_id,
    };
  }
}

class HostWatcher extends SeriesWatcher {
  /** Why the last sample failed (not Linux, SSH down), until one succeeds. */
  failure: AppError | null = null;
  private reader: RemoteHostReader | null = null;

  constructor(
    id: string,
    private readonly host: string,
    private readonly svc: HostMetricsService,
  ) {
    super(id, svc, svc.store);
  }

  stop(): void {
    this.halt();
  }

  protected async sample(): Promise<void> {
    this.reader ??= new RemoteHostReader(await this.svc.deps.shell(this.id), this.host);
    const figures = await this.reader.sample();
    this.failure = null;
    if (figures && !this.stopped) this.record(figures, this.svc.now());
  }

  protected failed(err: unknown): Promise<void> {
    this.failure =
      err instanceof AppError
        ? err
        : new AppError('DB_UNREACHABLE', `Reading the host ${this.host} failed: ${String(err)}`);
    this.svc.deps.logger.warn(`host metrics of connection ${this.id}: ${this.failure.message}`);
    // The next sample after a failure starts from a new baseline, not across the gap.
    this.reader = null;
    return Promise.resolve();
  }

  private record(
    f: { values: HostSample['values']; per_core: number[]; processes: HostSample['processes'] },
    at: number,
  ): void {
    const sample: HostSample = {
      connection_id: this.id,
      timestamp: new Date(at).toISOString(),
      values: f.values,
      per_core: f.per_core,
      processes: f.processes,
      run_id: this.runId,
    };
    this.svc.store.insert(sample);
    this.rollups.add(at, sample.values);
    this.svc.deps.events.emit('hostmetrics.sampled', sample);
  }
}

export class HostMetricsService {
  readonly store: HostMetricsStore;
  readonly intervalMs: number;
  readonly now: () => number;
  private readonly watchers = new Map<string, HostWatcher>();

  constructor(readonly deps: HostMetricsDeps) {
    this.store = new HostMetricsStore(deps.db);
    this.intervalMs = deps.intervalMs ?? 1000;
    this.now = deps.now ?? (() => Date.now());
  }

  /**
   * Samples the connection's server host until the returned function is called (calls nest);
   * nothing to do for a connection without SSH.
   */
  watch(connectionId: string): () => void {
    const w = this.watcher(connectionId);
    if (!w) return () => undefined;
    w.holders += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      w.holders -= 1;
    };
  }

  /** Samples the host for `seconds` more (a connection without SSH: nothing to sample). */
  lease(connectionId: string, seconds: number): void {
    const w = this.watcher(connectionId);
    if (w) w.leaseUntil = Math.max(w.leaseUntil, this.now() + seconds * 1000);
  }

  setRun(connectionId: string, runId: string | null): void {
    const w = this.watchers.get(connectionId);
    if (w) w.runId = runId;
  }

  live(connectionId: string): HostSample | null {
    if (this.deps.sshHost(connectionId) === null)
      throw new AppError(
        'BAD_INPUT',
        "This connection does not go through SSH, so its server's host cannot be read. Add an SSH tunnel to the connection to see the server's CPU, memory and disks.",
      );
    this.lease(connectionId, 60);
    const failure = this.watchers.get(connectionId)?.failure;
    if (failure) throw failure;
    return this.store.latest(connectionId);
  }

  history(input: HostHistoryInput) {
    this.deps.sshHost(input.id);
    this.watchers.get(input.id)?.flush();
    return readHistory(this.store, input);
  }

  release(connectionId: string): void {
    const w = this.watchers.get(connectionId);
    if (!w || w.wanted) return;
    this.watchers.delete(connectionId);
    w.stop();
  }

  close(): void {
    for (const w of this.watchers.values()) w.stop();
    this.watchers.clear();
  }

  private watcher(connectionId: string): HostWatcher | null {
    let w = this.watchers.get(connectionId);
    if (w) return w;
    const host = this.deps.sshHost(connectionId);
    if (host === null) return null;
    w = new HostWatcher(connectionId, host, this);
    this.watchers.set(connectionId, w);
    w.start();
    return w;
  }
}
