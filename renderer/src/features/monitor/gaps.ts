// Runs in the renderer (pure). Stretches of time without samples: found from the spacing the
// samples normally have, so a chart breaks its line there and says "no data" instead of drawing
// a straight line across an outage (the sampler was off, the app was closed, the host slept).
import type { Row } from './series';

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

/** Rows cut into the runs of samples between gaps. */
export function splitAtGaps<T extends { t: number }>(
  rows: readonly T[],
  gaps: readonly Gap[],
): T[][] {
  const segments: T[][] = [[]];
  let g = 0;
  for (const row of rows) {
    // A gap ends exactly at the sample after it: that sample starts a new run.
    while (g < gaps.length && gaps[g]!.to <= row.t) {
      if (segments.at(-1)!.length > 0 && gaps[g]!.from >= segments.at(-1)!.at(-1)!.t)
        segments.push([]);
      g += 1;
    }
    segments.at(-1)!.push(row);
  }
  return segments.filter((s) => s.length > 0);
}

/** Segments joined again with a row of nulls between them, where a line must break. */
export function joinWithBreaks(
  segments: readonly (readonly Row[])[],
  keys: readonly string[],
): Row[] {
  const out: Row[] = [];
  segments.forEach((segment, i) => {
    const prev = segments[i - 1]?.at(-1);
    const next = segment[0];
    if (prev && next) {
      const gap: Row = { t: (prev.t + next.t) / 2 };
      for (const k of keys) gap[k] = null;
      out.push(gap);
    }
    out.push(...segment);
  });
  return out;
}
