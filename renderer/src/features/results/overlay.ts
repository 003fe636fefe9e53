// Runs in the renderer. Several runs' series on one shared x axis: one row per distinct x, one
// column per run (r0, r1, …), gaps where a run has no point there. Long series (three one-hour
// runs) go to the canvas charts as columns, built without an object per row.
import { lowerBound } from '../../charts/minmax-downsample';

export type OverlayRow = { x: number } & Record<string, number | null>;

export const runKey = (index: number): string => `r${index}`;

/** `series[i]` belongs to run i; `pick` reads the plotted value and its x from a point. */
export function overlayRows<P>(
  series: readonly (readonly P[])[],
  pick: (point: P) => { x: number; y: number | null },
): OverlayRow[] {
  const rows = new Map<number, OverlayRow>();
  series.forEach((points, i) => {
    for (const point of points) {
      const { x, y } = pick(point);
      let row = rows.get(x);
      if (!row) {
        row = { x };
        for (let j = 0; j < series.length; j++) row[runKey(j)] = null;
        rows.set(x, row);
      }
      row[runKey(i)] = y;
    }
  });
  return [...rows.values()].sort((a, b) => a.x - b.x);
}

/** The runs' series as columns: ascending distinct xs and, per run, its y at each (or undefined). */
export interface OverlayColumns {
  xs: number[];
  ys: (number | undefined)[][];
}

/** `series[i]` belongs to run i; like overlayRows, as columns for the canvas charts. */
export function overlayColumns<P>(
  series: readonly (readonly P[])[],
  pick: (point: P) => { x: number; y: number | null },
): OverlayColumns {
  const total = series.reduce((n, points) => n + points.length, 0);
  const px = new Float64Array(total);
  const py = new Array<number | undefined>(total);
  let k = 0;
  for (const points of series)
    for (const point of points) {
      const { x, y } = pick(point);
      px[k] = x;
      py[k++] = y ?? undefined;
    }
  const sorted = px.slice().sort();
  const xs: number[] = [];
  for (let i = 0; i < total; i += 1)
    if (i === 0 || sorted[i] !== sorted[i - 1]) xs.push(sorted[i]!);
  k = 0;
  const ys = series.map((points) => {
    const col = new Array<number | undefined>(xs.length).fill(undefined);
    // A run's points come in ascending x: each is found by walking on from the last one.
    let at = 0;
    for (let n = 0; n < points.length; n += 1, k += 1) {
      const x = px[k]!;
      if (!(xs[at]! <= x)) at = lowerBound(xs, x);
      while (xs[at]! < x) at += 1;
      col[at] = py[k];
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
