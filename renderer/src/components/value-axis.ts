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

/** `format` must keep its identity between renders (a module function or a memoised one). */
export function useValueAxis(
  rows: readonly Record<string, unknown>[],
  keys: readonly string[],
  format: (v: number) => string,
  fontSize = 11,
): ValueAxis {
  const keyList = keys.join('\n');
  return useMemo(() => {
    const [min, max] = extent(rows, keyList.split('\n'));
    const ticks = niceTicks(min, max);
    return {
      ticks,
      domain: [ticks[0] ?? 0, ticks.at(-1) ?? 1],
      width: axisWidth(ticks.map((t) => textWidth(format(t), fontSize))),
    };
  }, [rows, keyList, format, fontSize]);
}
