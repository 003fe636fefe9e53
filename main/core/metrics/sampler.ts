// Runs in the main process, server and CLI (only when started). Takes a reading every interval
// and hands the composed sample to one callback; a slow consumer must never delay the timer.
import type { MetricsData } from '../../../shared/contract/metrics';
import type { Logger } from '../logging/logger';
import type { Clock } from './clock';
import type { HostReader, Reading } from './host-reader';

export interface SamplerOptions {
  reader: HostReader;
  clock: Clock;
  logger: Logger;
  onSample(timestamp: number, data: MetricsData): void;
}

export class Sampler {
  private timer: NodeJS.Timeout | null = null;
  private previous: Reading | null = null;
  private interval = 5_000;

  constructor(private readonly opts: SamplerOptions) {}

  get running(): boolean {
    return this.timer !== null;
  }

  get intervalMs(): number {
    return this.interval;
  }

  start(intervalMs: number): void {
    this.interval = intervalMs;
    if (this.timer) return;
    // The first reading is only a baseline: rates need two readings.
    this.previous = this.opts.reader.snapshot();
    this.schedule();
  }

  /** Applies at once: the pending tick is replaced by one a full new interval away. */
  setIntervalMs(intervalMs: number): void {
    this.interval = intervalMs;
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.schedule();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.previous = null;
    this.opts.reader.close();
  }

  /** One step: read, compose against the previous reading, publish. */
  tick(): MetricsData | null {
    const cur = this.opts.reader.snapshot();
    const prev = this.previous;
    this.previous = cur;
    if (!prev) return null;
    const data = this.opts.reader.compose(prev, cur);
    this.opts.onSample(this.opts.clock.now(), data);
    return data;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      // The same timer re-armed at once, so a slow tick never delays the next; no new timer object.
      this.timer?.refresh();
      try {
        this.tick();
      } catch (err) {
        this.opts.logger.error('metrics sample failed', err);
      }
    }, this.interval);
    this.timer.unref();
  }
}
