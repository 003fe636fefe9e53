// Runs in the main process, server and CLI. Rows done of rows planned while preparing, with the
// recent rate and an ETA from it; when nothing moves the rate falls to 0 and the ETA is unknown.

export interface PrepareProgress {
  done: number;
  total: number;
  /** 0..1. */
  progress: number;
  /** Rows per second over the last few seconds. */
  rowsPerS: number;
  /** Seconds left at that rate; null while nothing moves or before the total is known. */
  etaS: number | null;
}

/** The window the rate is measured over: long enough to smooth batches, short enough to show a stall. */
const WINDOW_MS = 5000;

export class PrepareMeter {
  private done = 0;
  private total = 0;
  private readonly samples: { t: number; done: number }[];
  lastReport = -Infinity;

  constructor(start: number) {
    this.samples = [{ t: start, done: 0 }];
  }

  /** Rows planned; 0 until the load has begun (or when the tables were already there). */
  get planned(): number {
    return this.total;
  }

  rows(t: number, done: number, total: number): void {
    this.done = done;
    this.total = total;
    this.samples.push({ t, done });
  }

  report(t: number): PrepareProgress {
    this.lastReport = t;
    // Keep one sample at or before the window's start, so the rate spans the whole window.
    while (this.samples.length > 1 && this.samples[1]!.t <= t - WINDOW_MS) this.samples.shift();
    const first = this.samples[0]!;
    const span = Math.max(t - first.t, 1);
    const rowsPerS = Math.round(((this.done - first.done) * 1000) / span);
    const left = this.total - this.done;
    return {
      done: this.done,
      total: this.total,
      progress: this.total > 0 ? this.done / this.total : 0,
      rowsPerS,
      etaS: left <= 0 ? 0 : rowsPerS > 0 ? Math.ceil(left / rowsPerS) : null,
    };
  }
}
