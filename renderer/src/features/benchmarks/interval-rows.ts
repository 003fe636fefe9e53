// Runs in the renderer (pure). Where each interval of a run sits on a chart's time axis, and the
// partial-interval rule: the last measured interval of a stopped run covers less than a report
// interval, so it is drawn at its true end with its length, never as a full interval.
import type { RunInterval } from '../../../../shared/contract/benchmarks';

/** A length within this fraction of the report interval counts as a whole interval. */
const WHOLE_WITHIN = 0.02;

export interface PlacedInterval {
  interval: RunInterval;
  /** Seconds since the measurement began at the interval's end (its x on the chart). */
  x: number;
  /** Seconds the interval covers. */
  length: number;
  partial: boolean;
}

/** The whole run's measured figures, from which the measured time follows exactly. */
export interface RunTotals {
  /** Statements over the measurement, and the run's statements per second. */
  queries: number;
  qps: number;
}

/**
 * Seconds the measurement lasted, as the core counted them: it divides the run's statements by
 * the measured time, so the quotient gives the time back. Null when nothing was measured.
 */
export function measuredSeconds(totals: RunTotals): number | null {
  return totals.qps > 0 && totals.queries > 0 ? totals.queries / totals.qps : null;
}

/**
 * The run's intervals on the time axis. An interval's `t` is where a whole interval would end;
 * the last measured one is partial when the measured time falls short of whole intervals, and
 * then ends at the measured time (intervals carry no length of their own).
 */
export function placeIntervals(
  intervals: readonly RunInterval[],
  reportIntervalS: number,
  totals: RunTotals | null,
): PlacedInterval[] {
  const placed = intervals.map((interval) => ({
    interval,
    x: interval.t,
    length: reportIntervalS,
    partial: false,
  }));
  const measured = placed.filter((p) => !p.interval.warmup);
  const last = measured.at(-1);
  const total = totals ? measuredSeconds(totals) : null;
  if (!last || total === null) return placed;
  const length = total - (measured.length - 1) * reportIntervalS;
  if (length > 0 && length < reportIntervalS * (1 - WHOLE_WITHIN)) {
    last.length = length;
    last.x = last.interval.t - reportIntervalS + length;
    last.partial = true;
  }
  return placed;
}

/** The partial interval of placed intervals, if there is one (only ever the last measured). */
export const partialOf = (placed: readonly PlacedInterval[]): PlacedInterval | null =>
  placed.findLast((p) => p.partial) ?? null;
