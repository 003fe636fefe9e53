// Runs in the main process, server and CLI. The per-interval probe on a run's spare session (round
// trip and server counters). It is taken as each interval ends, and awaited only briefly, so a
// stalled database never holds an interval's report back; an answer that comes later joins its
// interval afterwards.
import { counterDelta } from './server-info';
import { timeoutAt } from './timer-at';

export interface ProbeReading {
  rttMs: number | null;
  counters: Record<string, number> | null;
}

export class IntervalProbe {
  private busy = false;
  private last: { index: number; values: Record<string, number> } | null = null;
  /** Readings started at their interval's end; null where one was still out then (skipped). */
  private readonly started = new Map<number, Promise<ProbeReading> | null>();
  /** The highest interval read so far: a timer that comes after its interval was read is late. */
  private readUpTo = -1;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly take: () => Promise<ProbeReading>,
    private readonly graceMs: number,
  ) {}

  /** The counters before the first interval. */
  baseline(values: Record<string, number> | null): void {
    this.last = values ? { index: -1, values } : null;
  }

  /**
   * Takes interval `index`'s reading at its end, `startAt + (index + 1) × intervalMs` (epoch ms),
   * for `count` intervals. Taken when the interval's figures reach JavaScript instead, each
   * reading would trail its boundary by the workers' flush and the merge, a delay that varies
   * (tens to hundreds of milliseconds with 32 busy threads on two cores), and a count summed over
   * several intervals would be off by the difference between the first and the last delays.
   */
  schedule(startAt: number, intervalMs: number, count: number): void {
    const next = (index: number) => {
      if (index >= count) return;
      this.timer = timeoutAt(startAt + (index + 1) * intervalMs, () => {
        // Its interval already read (JavaScript was busy past the boundary): a second reading
        // would be wasted, and hold the session from the next interval's.
        if (index > this.readUpTo) void this.begin(index);
        next(index + 1);
      });
    };
    next(0);
  }

  /** No more scheduled readings (the run stopped). */
  stop(): void {
    clearTimeout(this.timer);
  }

  /** Starts interval `index`'s reading now, unless one is still out (it would only queue behind it). */
  private begin(index: number): Promise<ProbeReading> | null {
    const taking = this.busy ? null : this.take().finally(() => (this.busy = false));
    if (taking) {
      this.busy = true;
      // Its interval may never be read (the run stopped): a failure must not go unhandled.
      taking.catch(() => undefined);
    }
    this.started.set(index, taking);
    return taking;
  }

  /**
   * Interval `index`'s reading: resolves with it when it comes within the grace, else with null
   * (missing for now) and hands it to `late` when it comes. The reading was started at the
   * interval's end (schedule), or is started now when no timer did. While one is out no other
   * starts, as it would only queue behind it on the one session: that interval's reading is missing.
   */
  async read(index: number, late: (r: ProbeReading) => void): Promise<ProbeReading | null> {
    const taking = this.started.has(index) ? this.started.get(index)! : this.begin(index);
    this.started.delete(index);
    this.readUpTo = Math.max(this.readUpTo, index);
    if (!taking) return null;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), this.graceMs);
    });
    const first = await Promise.race([taking, grace]);
    clearTimeout(timer);
    // A late answer may land after the run ended (its store closed): that loss is harmless.
    if (first === null) void taking.then(late).catch(() => undefined);
    return first;
  }

  /**
   * The counters' change over interval `index`; empty (missing) unless the previous interval's
   * reading exists, so a change never silently spans several intervals.
   */
  delta(index: number, values: Record<string, number> | null): Record<string, number> {
    if (!values) return {};
    const prev = this.last;
    this.last = { index, values };
    return prev && prev.index === index - 1 ? counterDelta(prev.values, values) : {};
  }
}
