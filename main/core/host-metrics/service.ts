// Runs in the main process and the headless server. Samples the server host of each watched
// connection that goes through SSH, every second over its shared SSH session (one long-lived
// sampling loop, one round trip per sample), never otherwise; stores samples and rollups per connection like database metrics.
import type { z } from 'zod';
import type { HostSample, hostMetricsOperations } from '../../../shared/contract/host-metrics';
import { AppError } from '../../../shared/errors';
import type { EventBus } from '../events';
import type { Logger } from '../logging/logger';
import type { Db } from '../store/database';
import { readHistory } from '../db-metrics/history';
import { SeriesService, SeriesWatcher } from '../db-metrics/series-watcher';
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
  /** Changes whenever the connection is edited (its updated_at): the session is looked up again. */
  revision(connectionId: string): string;
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
  /** The connection's revision the reader's session belongs to. */
  private readerRevision = '';

  constructor(
    id: string,
    private host: string,
    private readonly svc: HostMetricsService,
  ) {
    super(id, svc, svc.store);
  }

  protected async sample(): Promise<void> {
    // An edited connection gets a new tunnel: a reader on the old one would keep it alive, and
    // read with the old settings, for as long as the connection is watched.
    const revision = this.svc.deps.revision(this.id);
    if (!this.reader || revision !== this.readerRevision) {
      this.reader?.close();
      this.host = this.svc.deps.sshHost(this.id) ?? this.host;
      this.reader = new RemoteHostReader(await this.svc.deps.shell(this.id), this.host);
      this.readerRevision = revision;
    }
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
    this.reader?.close();
    this.reader = null;
    return Promise.resolve();
  }

  override stop(): Promise<void> {
    this.reader?.close();
    this.reader = null;
    return super.stop();
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

export class HostMetricsService extends SeriesService<HostWatcher> {
  readonly store: HostMetricsStore;

  constructor(readonly deps: HostMetricsDeps) {
    super(deps);
    this.store = new HostMetricsStore(deps.db);
  }

  /** A connection without SSH has no server host to read: nothing to watch. */
  protected create(connectionId: string): HostWatcher | null {
    const host = this.deps.sshHost(connectionId);
    return host === null ? null : new HostWatcher(connectionId, host, this);
  }

  /** Samples the host for `seconds` more (a connection without SSH: nothing to sample). */
  lease(connectionId: string, seconds: number, name?: string): void {
    this.extendLease(connectionId, seconds, name);
  }

  live(connectionId: string): HostSample | null {
    if (this.deps.sshHost(connectionId) === null)
      throw new AppError(
        'BAD_INPUT',
        "This connection does not go through SSH, so its server's host cannot be read. Add an SSH tunnel to the connection, or SSH settings for monitoring only, to see the server's CPU, memory and disks.",
      );
    this.lease(connectionId, 60);
    const failure = this.watchers.get(connectionId)?.failure;
    if (failure) throw failure;
    return this.store.latest(connectionId);
  }

  history(input: HostHistoryInput) {
    this.deps.sshHost(input.id);
    // The open minute/hour is in memory: write it so the newest rollup is in the answer.
    this.watchers.get(input.id)?.flush();
    return readHistory(this.store, input);
  }
}
