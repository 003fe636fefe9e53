// Runs in the renderer. Largest-Triangle-Three-Buckets: reduces a series to about as many points
// as the chart has pixels while keeping its peaks, so recharts never draws more than it can show.

/**
 * Indices of the points to keep from `ys` (x given by `xs`), at most `threshold` of them; the
 * first and last always stay. Series that share an x axis reuse the indices of the first.
 */
export function lttbIndices(
  xs: readonly number[],
  ys: readonly number[],
  threshold: number,
): number[] {
  const n = xs.length;
  if (threshold >= n || threshold < 3) return Array.from({ length: n }, (_, i) => i);
  const keep = [0];
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  for (let i = 0; i < threshold - 2; i += 1) {
    // The average of the next bucket is the third corner of the triangle.
    const nextStart = Math.floor((i + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((i + 2) * every) + 1, n);
    let avgX = 0;
    let avgY = 0;
    for (let j = nextStart; j < nextEnd; j += 1) {
      avgX += xs[j] ?? 0;
      avgY += ys[j] ?? 0;
    }
    const span = Math.max(nextEnd - nextStart, 1);
    avgX /= span;
    avgY /= span;

    const start = Math.floor(i * every) + 1;
    const end = Math.floor((i + 1) * every) + 1;
    const ax = xs[a] ?? 0;
    const ay = ys[a] ?? 0;
    let best = start;
    let bestArea = -1;
    for (let j = start; j < end; j += 1) {
      const area = Math.abs((ax - avgX) * ((ys[j] ?? 0) - ay) - (ax - (xs[j] ?? 0)) * (avgY - ay));
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    keep.push(best);
    a = best;
  }
  keep.push(n - 1);
  return keep;
}

/** Rows of a multi-series chart reduced to `threshold` by LTTB over `key` (the primary series). */
export function downsampleRows<T extends { t: number }>(
  rows: readonly T[],
  key: keyof T,
  threshold: number,
): T[] {
  if (rows.length <= threshold) return [...rows];
  const xs = rows.map((r) => r.t);
  const ys = rows.map((r) => {
    const v = r[key];
    return typeof v === 'number' ? v : 0;
  });
  return lttbIndices(xs, ys, threshold).map((i) => rows[i] as T);
}
