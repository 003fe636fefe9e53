// Runs in the main process, server and CLI. Watches the main thread's own event-loop delay, so a
// blocked loop is logged and visible through `app.health`; it must never keep the process alive.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { AppHealth } from '../../../shared/contract/sandbox';
import type { Logger } from '../logging/logger';

export type EventLoopHealth = AppHealth['event_loop'];

const WINDOW_MS = 10_000;
/** A loop held this long means every call and event waited as long: worth a warning in the log. */
const WARN_MS = 1_000;
const ms = (ns: number) => Math.round(ns / 1e4) / 100;

export class EventLoopWatch {
  private readonly histogram = monitorEventLoopDelay({ resolution: 20 });
  private readonly timer: NodeJS.Timeout;
  private last: EventLoopHealth = { p50_ms: 0, p99_ms: 0, max_ms: 0, worst_ms: 0, window_s: 0 };
  private worst = 0;
  private windowStart = performance.now();

  constructor(
    private readonly logger: Logger,
    windowMs = WINDOW_MS,
  ) {
    this.histogram.enable();
    this.timer = setInterval(() => this.roll(), windowMs);
    this.timer.unref();
  }

  /** What `app.health` answers. */
  health(): AppHealth {
    const loop = this.snapshot();
    return {
      status: loop.max_ms >= WARN_MS ? 'busy' : 'healthy',
      event_loop: loop,
      uptime_s: Math.round(process.uptime()),
    };
  }

  /** The last full window, or the current one when none has ended yet. */
  snapshot(): EventLoopHealth {
    return this.last.window_s > 0 ? this.last : this.read();
  }

  private read(): EventLoopHealth {
    const h = this.histogram;
    const max = h.count > 0 ? ms(h.max) : 0;
    return {
      p50_ms: h.count > 0 ? ms(h.percentile(50)) : 0,
      p99_ms: h.count > 0 ? ms(h.percentile(99)) : 0,
      max_ms: max,
      worst_ms: Math.max(this.worst, max),
      window_s: Math.round((performance.now() - this.windowStart) / 100) / 10,
    };
  }

  private roll(): void {
    this.last = this.read();
    this.worst = this.last.worst_ms;
    if (this.last.max_ms >= WARN_MS)
      this.logger.warn(
        `the main event loop was blocked for up to ${Math.round(this.last.max_ms)} ms in the last ${this.last.window_s} s: calls and events waited that long`,
      );
    this.histogram.reset();
    this.windowStart = performance.now();
  }

  close(): void {
    clearInterval(this.timer);
    this.histogram.disable();
  }
}
