// Runs in the main process and the headless server. The sampling loop one connection's series
// shares (database figures, server host figures): runs while a holder or a lease wants it, on
// the whole interval, waits RETRY_MS after a failure, and keeps the open minute/hour rollups.
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
  leaseUntil = 0;
  runId: string | null = null;
  protected stopped = false;
  protected readonly rollups: Rollups;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    protected readonly id: string,
    protected readonly owner: WatcherOwner,
    store: SeriesStore,
  ) {
    this.rollups = new Rollups(store, id);
  }

  get wanted(): boolean {
    return this.holders > 0 || this.leaseUntil > this.owner.now();
  }

  start(): void {
    this.schedule(0);
  }

  /** Stops the timer and writes the open rollups; subclasses close what they hold. */
  protected halt(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.rollups.flush();
  }

  /** Writes the open rollups (their partial minute and hour) so history has them. */
  flush(): void {
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
