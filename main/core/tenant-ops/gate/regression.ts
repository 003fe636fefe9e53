// Runs anywhere (pure). How much worse a latency got, in percent of where it was.
/** Positive when `after` is slower. A zero baseline counts any slowdown as infinitely worse. */
export function regressionPct(before: number, after: number): number {
  if (before <= 0) return after > before ? Number.POSITIVE_INFINITY : 0;
  return ((after - before) / before) * 100;
}
