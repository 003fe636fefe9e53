// Runs in the renderer. A chart's value axis: round ticks over its rows, and a width that fits the
// widest tick label as the page's font draws it (a fixed width clipped "572.2 MB/s" to "72.2 MB/s").
import { useMemo } from 'react';
import { axisWidth, extent, niceTicks } from './axis-ticks';
import { textWidth } from './text-width';

export interface ValueAxis {
  ticks: number[];
  domain: [number, number];
  width: number;
}

/**
 * `format` and `unitSize` must keep their identity between renders (module functions or memoised
 * ones). `unitSize` gives the size of one unit the labels read in for the largest value (1 MiB for
 * "572 MB/s"), so the ticks are round in that unit.
 */
export function useValueAxis(
  rows: readonly Record<string, unknown>[],
  keys: readonly string[],
  format: (v: number) => string,
  unitSize?: (max: number) => number,
  fontSize = 11,
): ValueAxis {
  const keyList = keys.join('\n');
  return useMemo(() => {
    const [min, max] = extent(rows, keyList.split('\n'));
    const size = unitSize?.(max) ?? 1;
    const ticks = niceTicks(min / size, max / size).map((t) => t * size);
    return {
      ticks,
      domain: [ticks[0] ?? 0, ticks.at(-1) ?? 1],
      width: axisWidth(ticks.map((t) => textWidth(format(t), fontSize))),
    };
  }, [rows, keyList, format, unitSize, fontSize]);
}

/**
 * The YAxis props that draw exactly these ticks at this width. Recharts breaks a tick label in two
 * lines when its own measure (not at the tick's font size) finds it wider than the axis; the axis
 * already fits its labels, so that break only ever splits a fitting label ("1,000" over "B/s").
 */
export const yAxisProps = (axis: ValueAxis, format: (v: number) => string) => ({
  width: axis.width,
  ticks: axis.ticks,
  domain: axis.domain,
  interval: 0 as const,
  tickFormatter: format,
  tick: { width: 10_000 },
});
