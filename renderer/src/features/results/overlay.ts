// Runs in the renderer. Several runs' series on one shared x axis, as the canvas charts take them:
// the distinct xs, and one column per run (r0, r1, …) with gaps where a run has no point there,
// built without an object per row (three one-hour runs are 10 800 points).
import { lowerBound } from '../../charts/minmax-downsample';

export const runKey = (index: number): string => `r${index}`;

/** The runs' series as columns: ascending distinct xs and, per run, its y at each (or undefined). */
export interface OverlayColumns {
  xs: number[];
  ys: (number | undefined)[][];
}

/** One run's points as columns: `y[k]` is the value at `x[k]` (null: none there). */
export interface RunColumns {
  x: readonly number[];
  y: readonly (number | null)[];
}

/** `series[i]` belongs to run i. */
export function overlayColumns(series: readonly RunColumns[]): OverlayColumns {
  const total = series.reduce((n, s) => n + s.x.length, 0);
  const px = new Float64Array(total);
  let k = 0;
  for (const s of series) for (const x of s.x) px[k++] = x;
  const sorted = px.slice().sort();
  const xs: number[] = [];
  for (let i = 0; i < total; i += 1)
    if (i === 0 || sorted[i] !== sorted[i - 1]) xs.push(sorted[i]!);
  k = 0;
  const ys = series.map((s) => {
    const col = new Array<number | undefined>(xs.length).fill(undefined);
    // A run's points come in ascending x: each is found by walking on from the last one.
    let at = 0;
    for (let n = 0; n < s.x.length; n += 1, k += 1) {
      const x = px[k]!;
      if (!(xs[at]! <= x)) at = lowerBound(xs, x);
      while (xs[at]! < x) at += 1;
      col[at] = s.y[n] ?? undefined;
    }
    return col;
  });
  return { xs, ys };
}

/** The highest value in any of the columns (0 when none). */
export function columnsMax(c: OverlayColumns): number {
  let max = 0;
  for (const col of c.ys) for (const y of col) if (y !== undefined && y > max) max = y;
  return max;
}
