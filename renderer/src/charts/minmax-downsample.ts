// Runs in the renderer (pure). Reduces time series that share one x axis to at most a few points
// per pixel column of the plot: each column keeps, per series, its lowest and highest value in the
// order they occurred, so a one-second spike in a day of samples is still drawn. A null (a break:
// a restart, an outage) inside a column stays a break.

/** Columns as uPlot takes them: ascending x, and per series a y for each x. */
export interface Columns {
  xs: number[];
  /** null: a break in the line; undefined: this series has no point at that x (the line spans it). */
  ys: (number | null | undefined)[][];
}

type Values = ArrayLike<number | null | undefined>;

/** The first index whose x is ≥ `x` (xs ascending). */
export function lowerBound(xs: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The points of `xs`/`ys` that fall in [from, to] (plus one on each side, so lines reach the plot's
 * edges), reduced to at most three points per pixel column when there are more than two per column;
 * samples more than `maxGap` apart get a break between them (an outage drawn as a gap).
 */
export function minMaxPerPixel(
  xs: ArrayLike<number>,
  ys: readonly Values[],
  from: number,
  to: number,
  width: number,
  maxGap = Infinity,
): Columns {
  const first = Math.max(0, lowerBound(xs, from) - 1);
  let after = lowerBound(xs, to);
  while (after < xs.length && xs[after]! <= to) after += 1;
  const last = Math.min(xs.length, after + 1);
  const cols = Math.max(1, Math.floor(width));
  if (last - first <= 2 * cols || !(to > from)) {
    const kept = {
      xs: Array.prototype.slice.call(xs, first, last) as number[],
      ys: ys.map((v) => Array.prototype.slice.call(v, first, last) as (number | null)[]),
    };
    return maxGap === Infinity ? kept : breakGaps(kept, maxGap);
  }
  // Column boundaries once for all series: starts[c] is the first index of column c.
  const perMs = cols / (to - from);
  const starts: number[] = [];
  // Columns that follow a gap in time: a break row goes before them. Gaps are found here, in the
  // samples' own spacing; the reduced points are far apart by design.
  const afterGap = new Set<number>();
  let prev = Number.NaN;
  for (let i = first; i < last; i += 1) {
    const x = xs[i]!;
    // The points outside the range (one on each side) get a column each.
    const col =
      x < from ? -2 : x > to ? cols + 1 : Math.min(cols - 1, Math.floor((x - from) * perMs));
    const gap = i > first && x - xs[i - 1]! > maxGap;
    if (gap) afterGap.add(starts.length);
    if (col !== prev || gap) starts.push(i);
    prev = col;
  }
  starts.push(last);
  const n = starts.length - 1;
  const picks = ys.map((v) => extremes(v, starts, n));
  const out: Columns = { xs: [], ys: ys.map(() => []) };
  for (let c = 0; c < n; c += 1) {
    const a = starts[c]!;
    const b = starts[c + 1]!;
    if (afterGap.has(c)) {
      out.xs.push((xs[a - 1]! + xs[a]!) / 2);
      for (const col of out.ys) col.push(null);
    }
    if (b - a === 1) {
      out.xs.push(xs[a]!);
      ys.forEach((v, s) => out.ys[s]!.push(v[a]));
      continue;
    }
    let breakAt = -1;
    for (const p of picks) {
      const at = p.nullAt[c]!;
      if (at >= 0 && (breakAt < 0 || at < breakAt)) breakAt = at;
    }
    out.xs.push(xs[a]!);
    if (breakAt >= 0) out.xs.push(xs[breakAt]!);
    out.xs.push(xs[b - 1]!);
    picks.forEach((p, s) => {
      const col = out.ys[s]!;
      const one = p.first[c]!;
      const two = p.second[c]!;
      col.push(Number.isNaN(one) ? undefined : one);
      if (breakAt >= 0) col.push(p.nullAt[c]! >= 0 ? null : undefined);
      col.push(Number.isNaN(two) ? undefined : two);
    });
  }
  return out;
}

/** Per column: the extreme that came first (min or max), the other, and its first null. */
interface Extremes {
  /** NaN where the column has no number. */
  first: Float64Array;
  second: Float64Array;
  /** The index of the column's first null, or -1. */
  nullAt: Int32Array;
}

function extremes(v: Values, starts: readonly number[], n: number): Extremes {
  const first = new Float64Array(n);
  const second = new Float64Array(n);
  const nullAt = new Int32Array(n).fill(-1);
  for (let c = 0; c < n; c += 1) {
    let min = Infinity;
    let max = -Infinity;
    let minAt = -1;
    let maxAt = -1;
    for (let i = starts[c]!, end = starts[c + 1]!; i < end; i += 1) {
      const y = v[i];
      if (typeof y !== 'number') {
        if (y === null && nullAt[c] === -1) nullAt[c] = i;
        continue;
      }
      if (y < min) {
        min = y;
        minAt = i;
      }
      if (y > max) {
        max = y;
        maxAt = i;
      }
    }
    if (minAt < 0) {
      first[c] = Number.NaN;
      second[c] = Number.NaN;
    } else if (minAt <= maxAt) {
      first[c] = min;
      second[c] = max;
    } else {
      first[c] = max;
      second[c] = min;
    }
  }
  return { first, second, nullAt };
}

/**
 * Columns with a break (a row of nulls) wherever consecutive points are more than `maxGap` apart:
 * an outage or a closed app is drawn as a gap, not as a straight line across it.
 */
export function breakGaps(cols: Columns, maxGap: number): Columns {
  const out: Columns = { xs: [], ys: cols.ys.map(() => []) };
  for (let i = 0; i < cols.xs.length; i += 1) {
    const x = cols.xs[i]!;
    const prev = cols.xs[i - 1];
    if (prev !== undefined && x - prev > maxGap) {
      out.xs.push((prev + x) / 2);
      for (const col of out.ys) col.push(null);
    }
    out.xs.push(x);
    cols.ys.forEach((v, s) => out.ys[s]!.push(v[i]));
  }
  return out;
}
