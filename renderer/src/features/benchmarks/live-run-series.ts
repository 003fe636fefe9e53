// Runs in the renderer. A live run's chart series, following the store's ring of intervals: each
// look takes only the intervals that arrived since the last one into a LiveReduction, so an
// interval costs the same whether the run is a minute or an hour old. The ring is read again from
// its oldest held interval only when it was replaced (the run reopened) or when more arrived
// between two looks than it holds.
import type { RunInterval } from '../../../../shared/contract/benchmarks';
import { LiveReduction } from '../../charts/live-downsample';
import type { ReadonlyRing } from '../../charts/ring-buffer';

/** How many buckets a live chart keeps: about a wide run view's plot width in pixels. */
export const LIVE_COLUMNS = 1024;

/** What one series of a chart draws from an interval. */
export type Pick = (i: RunInterval) => number;

export class LiveRunSeries {
  readonly reduction: LiveReduction;
  /** The newest warm-up interval's t (null when none was seen): the chart shades up to it. */
  warmupUntil: number | null = null;
  private generation = -1;
  private seen = 0;
  private readonly row: Float64Array;

  constructor(
    private readonly picks: readonly Pick[],
    columns = LIVE_COLUMNS,
  ) {
    this.reduction = new LiveReduction(picks.length, columns);
    this.row = new Float64Array(picks.length);
  }

  /** Takes in what `ring` received since the last call (idempotent: a second call adds nothing). */
  follow(ring: ReadonlyRing<RunInterval>): void {
    let fresh = ring.received - this.seen;
    if (ring.generation !== this.generation || fresh > ring.length || fresh < 0) {
      this.reduction.clear();
      this.warmupUntil = null;
      this.generation = ring.generation;
      fresh = ring.length;
    }
    for (let k = ring.length - fresh; k < ring.length; k += 1) {
      const interval = ring.at(k)!;
      for (let s = 0; s < this.picks.length; s += 1) this.row[s] = this.picks[s]!(interval);
      this.reduction.push(interval.t, this.row);
      if (interval.warmup) this.warmupUntil = interval.t;
    }
    this.seen = ring.received;
  }
}
