// Runs in the renderer (pure). Value-axis ticks chosen here rather than by the chart library, so
// their labels are known before drawing and the axis can be made as wide as the widest of them.

/** 1, 2, 2.5 or 5 times a power of ten: the steps people read at a glance. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * About `target` evenly spaced round ticks from 0 (or below, for negative data) to at least `max`.
 * An axis with no data or only zeros gets 0 and 1, so it still reads as a scale.
 */
export function niceTicks(min: number, max: number, target = 5): number[] {
  const lo = Math.min(0, Number.isFinite(min) ? min : 0);
  const hi = Number.isFinite(max) && max > lo ? max : lo + 1;
  const step = niceStep((hi - lo) / Math.max(1, target - 1));
  const first = Math.floor(lo / step) * step;
  const ticks: number[] = [];
  // The step's own decimals, so 0.1 + 0.2 reads 0.3 and not 0.30000000000000004.
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  for (let v = first; v < hi + step * 1e-9; v += step) ticks.push(Number(v.toFixed(digits)));
  if ((ticks.at(-1) ?? 0) < hi) ticks.push(Number((first + ticks.length * step).toFixed(digits)));
  return ticks;
}

/** Space recharts leaves between a tick label and the plot: tick line (6) and margin (2). */
const TICK_SPACE = 8;
/** Room on the outer side, so the widest label does not touch the chart's edge. */
const OUTER_PAD = 6;

/** The width a value axis needs for labels of these measured widths (pixels). */
export function axisWidth(labelWidths: readonly number[]): number {
  return Math.ceil(Math.max(0, ...labelWidths)) + TICK_SPACE + OUTER_PAD;
}

/** The largest finite value of the given keys over rows, and the smallest (0 when none). */
export function extent(
  rows: readonly Record<string, unknown>[],
  keys: readonly string[],
): [number, number] {
  let min = 0;
  let max = 0;
  for (const r of rows)
    for (const k of keys) {
      const v = r[k];
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      if (v > max) max = v;
      if (v < min) min = v;
    }
  return [min, max];
}
