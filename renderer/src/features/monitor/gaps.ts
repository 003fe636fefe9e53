// Runs in the renderer (pure). Stretches of time without samples: found from the spacing the
// samples normally have, so a chart breaks its line there and says "no data" instead of drawing
// a straight line across an outage (the sampler was off, the app was closed, the host slept).

/** A pause this many times the usual spacing is a gap, not jitter. */
export const GAP_FACTOR = 2.5;

export interface Gap {
  from: number;
  to: number;
}

/** The usual time between samples: the nominal interval, or the median spacing if that is longer. */
export function usualSpacing(ts: readonly number[], nominalMs: number | null): number {
  const diffs: number[] = [];
  for (let i = 1; i < ts.length; i += 1) diffs.push(ts[i]! - ts[i - 1]!);
  diffs.sort((a, b) => a - b);
  const median = diffs.length ? diffs[Math.floor(diffs.length / 2)]! : 0;
  return Math.max(nominalMs ?? 0, median);
}

/**
 * Gaps between samples at `ts` (ascending); with a `domain`, also before the first and after the
 * last sample when the shown range reaches further.
 */
export function findGaps(
  ts: readonly number[],
  spacing: number,
  domain?: readonly [number, number],
): Gap[] {
  if (spacing <= 0) return [];
  const limit = spacing * GAP_FACTOR;
  const gaps: Gap[] = [];
  const first = ts[0];
  const last = ts.at(-1);
  if (domain && first !== undefined && first - domain[0] > limit)
    gaps.push({ from: domain[0], to: first });
  for (let i = 1; i < ts.length; i += 1)
    if (ts[i]! - ts[i - 1]! > limit) gaps.push({ from: ts[i - 1]!, to: ts[i]! });
  if (domain && last !== undefined && domain[1] - last > limit)
    gaps.push({ from: last, to: domain[1] });
  return gaps;
}
