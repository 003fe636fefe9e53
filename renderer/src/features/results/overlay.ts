// Runs in the renderer. Several runs' series on one shared x axis: one row per distinct x, one
// column per run (r0, r1, …), gaps where a run has no point there.

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
