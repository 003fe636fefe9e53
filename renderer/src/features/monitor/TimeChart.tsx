// Runs in the renderer. One Monitor time chart on the shared canvas chart (uPlot): figures of one
// unit on one time axis (clock time, or time into a compared period), reduced to the plot's pixel
// columns (min/max, so spikes survive) before they are drawn; stretches without samples broken,
// shaded "no data" and said in words under it; runs and scheduled executions marked, each flag
// opening its page; a crosshair (pointer or arrow keys) reads the values.
import { useCallback, useMemo } from 'react';
import { type ChartSeries, type Span, UPlotTimeChart } from '../../charts/UPlotTimeChart';
import { axisDayTime, axisTime } from '../../components/figure-format';
import { findGaps, GAP_FACTOR, usualSpacing } from './gaps';
import { GapsNote } from './GapsNote';
import { formatTick, type Unit } from './series';
import type { TimelineMark } from './timeline-marks';

const DAY_MS = 86_400_000;
const NO_MARKS: readonly TimelineMark[] = [];

export interface TimeChartProps {
  /** Ascending x values: epoch milliseconds, or milliseconds into a period with `xAxis="offset"`. */
  xs: readonly number[];
  series: readonly ChartSeries[];
  unit: Unit;
  /** The chart's accessible name, e.g. "CPU history". */
  label: string;
  testId: string;
  height?: number;
  /** How the x value reads: a clock time, or time from the start of a compared period. */
  xAxis?: 'time' | 'offset';
  /** The series' names and colours under the plot (off where a card header already names them). */
  legend?: boolean;
  /** The samples' nominal spacing (ms); a pause well beyond it is a gap. */
  nominalMs?: number | null;
  /** The time range asked for (samples missing at its start or end are gaps too); default: the data's. */
  window?: readonly [number, number];
  /** Benchmark runs and scheduled executions: shaded, their phases as lines, a flag to open each. */
  marks?: readonly TimelineMark[];
  /** A drag across the plot asks for this range. */
  onZoom?: (from: number, to: number) => void;
}

/** Time into a compared period; hours once the period is longer than a few. */
const offset = (spanMs: number) => (t: number) => {
  const sign = t < 0 ? '−' : '+';
  const abs = Math.abs(t);
  return spanMs > 6 * 3_600_000
    ? `${sign}${(abs / 3_600_000).toFixed(1)} h`
    : `${sign}${Math.round(abs / 60_000)} min`;
};

export function TimeChart({
  xs,
  series,
  unit,
  label,
  testId,
  height = 180,
  xAxis = 'time',
  legend = true,
  nominalMs = null,
  window: asked,
  marks = NO_MARKS,
  onZoom,
}: TimeChartProps) {
  const from = asked?.[0] ?? xs[0] ?? 0;
  const last = asked?.[1] ?? xs.at(-1) ?? 0;
  // One sample has no width of its own: show it over one sampling interval.
  const to = last > from ? last : from + (nominalMs ?? 1000);
  const bounded = asked !== undefined;
  const { gaps, maxGapMs } = useMemo(() => {
    const spacing = usualSpacing(xs, nominalMs);
    return {
      gaps: findGaps(xs, spacing, bounded ? [from, to] : undefined),
      maxGapMs: spacing > 0 ? spacing * GAP_FACTOR : Infinity,
    };
  }, [xs, nominalMs, bounded, from, to]);
  const spans = useMemo<Span[]>(
    () => gaps.map((g) => ({ from: g.from, to: g.to, label: 'no data' })),
    [gaps],
  );
  const window = useMemo(() => [from, to] as const, [from, to]);
  const format = useCallback((v: number) => formatTick(v, unit), [unit]);
  const spanMs = to - from;
  const tick = useMemo(
    () => (xAxis === 'offset' ? offset(spanMs) : spanMs > DAY_MS ? axisDayTime : axisTime),
    [xAxis, spanMs],
  );
  return (
    <div className="time-chart" data-testid={`${testId}-box`} data-gaps={gaps.length}>
      <UPlotTimeChart
        xs={xs}
        series={series}
        window={window}
        format={format}
        {...(xAxis === 'offset' ? { formatX: tick } : {})}
        maxGapMs={maxGapMs}
        height={height}
        spans={spans}
        marks={marks}
        {...(onZoom ? { onZoom } : {})}
        legend={legend}
        testId={testId}
        label={label}
      />
      <GapsNote gaps={gaps} tick={tick} testId={testId} />
    </div>
  );
}
