// Runs in the main process and the headless server. The sampling loop one connection's series
// shares (database figures, server host figures): runs while a holder or a lease wants it, on
// the whole interval, waits RETRY_MS after a failure, and keeps the open minute/hour rollups;
// and the set of them a service keeps, one per watched connection.
import { Rollups, type SeriesStore } from './store';

/** After a failed sample (server down, SSH down, not Linux), the next try waits this long. */
export const RETRY_MS = 5000;

export interface WatcherOwner {
  readonly intervalMs: number;
  now(): number;
  /** Called by a watcher nobody wants any more. */
  release(connectionId: string): void;
}

export abstract class SeriesWatcher {
  holders = 0;
  /** Each lease's end, by the name its holder gave (`''` for an unnamed one). */
  readonly leases = new Map<string, number>();
  runId: string | null = null;
  protected stopped = false;
  protected readonly rollups: Rollups;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    protected readonly id: string,
    protected readonly owner: WatcherOwner,
    private readonly store: SeriesStore,
  ) {
    this.rollups = new Rollups(store, id);
  }

  /** When the last lease ends (0 without one). */
  get leaseUntil(): number {
    let until = 0;
    for (const end of this.leases.values()) until = Math.max(until, end);
    return until;
  }

  get wanted(): boolean {
    return this.holders > 0 || this.leaseUntil > this.owner.now();
  }

  start(): void {
    this.schedule(0);
  }

  /** Stops the timer and writes the open rollups; subclasses also close what they hold. */
  stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.flush();
    return Promise.resolve();
  }

  /** Writes the queued samples and the open rollups (their partial minute and hour). */
  flush(): void {
    this.store.writePending();
    this.rollups.flush();
  }

  /** Takes and records one sample; throws when it could not. */
  protected abstract sample(): Promise<void>;

  /** After a failed sample: log it and drop what the next try must open again. */
  protected abstract failed(err: unknown): Promise<void>;

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), delay);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (!this.wanted) {
      this.owner.release(this.id);
      return;
    }
    const began = this.owner.now();
    try {
      await this.sample();
    } catch (err) {
      await this.failed(err);
      this.schedule(RETRY_MS);
      return;
    }
    // On the next whole interval, not drifting by the sample's own time.
    const every = this.owner.intervalMs;
    this.schedule(Math.max(0, every - ((this.owner.now() - began) % every)));
  }
}

/** One watcher per watched connection: holders, leases and the run under way. */
export abstract class SeriesService<W extends SeriesWatcher> implements WatcherOwner {
  readonly intervalMs: number;
  readonly now: () => number;
  protected readonly watchers = new Map<string, W>();

  constructor(opts: { intervalMs?: number | undefined; now?: (() => number) | undefined }) {
    this.intervalMs = opts.intervalMs ?? 1000;
    this.now = opts.now ?? (() => Date.now());
  }

  /** A new watcher of the connection, or null when it has nothing to sample. */
  protected abstract create(connectionId: string): W | null;

  /** Samples the connection until the returned function is called (calls nest). */
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

  /** The connections being sampled now (a scrape of /metrics reports their latest samples). */
  watching(): string[] {
    return [...this.watchers.keys()];
  }

  /** Samples taken while a run is under way carry its id. */
  setRun(connectionId: string, runId: string | null): void {
    const w = this.watchers.get(connectionId);
    if (w) w.runId = runId;
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

  /**
   * Keeps sampling for `seconds` more; renewing extends it. A named lease can be ended before its
   * time (a dashboard closing), without ending another holder's.
   */
  protected extendLease(connectionId: string, seconds: number, name = ''): W | null {
    const w = this.watcher(connectionId);
    if (w) {
      const now = this.now();
      for (const [key, end] of w.leases) if (end <= now) w.leases.delete(key);
      w.leases.set(name, Math.max(w.leases.get(name) ?? 0, now + seconds * 1000));
    }
    return w;
  }

  /** Ends a named lease now; sampling stops at once when nothing else wants the connection. */
  endLease(connectionId: string, name: string): void {
    const w = this.watchers.get(connectionId);
    if (!w) return;
    w.leases.delete(name);
    this.release(connectionId);
  }

  protected watcher(connectionId: string): W | null {
    let w = this.watchers.get(connectionId) ?? null;
    if (w) return w;
    w = this.create(connectionId);
    if (!w) return null;
    this.watchers.set(connectionId, w);
    w.start();
    return w;
  }
}
