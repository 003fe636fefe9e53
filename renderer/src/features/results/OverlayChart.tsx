// Runs in the renderer. One compared figure, one line per run, on the shared canvas chart: over
// seconds into the measurement (reduced to the plot's pixel columns, min/max, so three one-hour
// runs open without a long task; the baseline's phases shaded and named), or over the nines of a
// percentile (the spectrum: fixed whole-nines ticks, the crosshair reading "p99.9").
import { useMemo } from 'react';
import { type Span, UPlotTimeChart } from '../../charts/UPlotTimeChart';
import { ChartFigure } from './ChartFigure';
import { type OverlayColumns, runKey } from './overlay';

export interface OverlayRun {
  label: string;
  color: string;
}

/** Where the preparation, warm-up and measurement are on the x axis (seconds). */
export interface Phases {
  warmupStart: number;
  measureEnd: number;
}

export interface OverlayChartProps {
  title: string;
  testId: string;
  columns: OverlayColumns;
  runs: readonly OverlayRun[];
  formatY: (v: number) => string;
  formatX: (v: number) => string;
  /** The crosshair's x in words, when `formatX` is too terse for it. */
  readoutX?: (x: number) => string;
  /** Fixed x ticks (the nines axis); default: the chart spaces them. */
  xTicks?: readonly number[];
  xDomain?: [number, number];
  phases?: Phases | null;
  yDomain?: [number, number];
  note?: string;
}

export function OverlayChart(props: OverlayChartProps) {
  const { title, testId, columns: cols, runs, formatY, formatX, xDomain, phases, yDomain } = props;
  const legend = runs.map((r) => ({ label: r.label, color: r.color }));
  const series = useMemo(
    () =>
      // A run without a point at another run's x is spanned there, not broken.
      runs.map((r, i) => ({
        key: runKey(i),
        label: r.label,
        color: r.color,
        values: cols.ys[i] ?? [],
      })),
    [cols, runs],
  );
  const firstX = cols.xs[0] ?? 0;
  const lastX = cols.xs.at(-1) ?? 0;
  const window = useMemo(() => {
    const [a, b] = xDomain ?? [firstX, lastX];
    return [a, b > a ? b : a + 1] as const;
  }, [xDomain, firstX, lastX]);
  const spans = useMemo(() => {
    const out: Span[] = [];
    if (!phases) return out;
    const start = window[0];
    if (phases.warmupStart > start)
      out.push({ from: start, to: phases.warmupStart, label: 'prepare' });
    if (phases.warmupStart < 0) out.push({ from: phases.warmupStart, to: 0, label: 'warm-up' });
    out.push({ from: phases.measureEnd, to: phases.measureEnd, label: 'end', align: 'right' });
    return out;
  }, [phases, window]);
  return (
    <ChartFigure title={title} testId={testId} legend={legend} note={props.note}>
      <UPlotTimeChart
        xs={cols.xs}
        series={series}
        window={window}
        format={formatY}
        formatX={formatX}
        readoutX={props.readoutX}
        xTicks={props.xTicks}
        height={220}
        yRange={yDomain}
        spans={spans}
        legend
        testId={`${testId}-plot`}
        label={title}
      />
    </ChartFigure>
  );
}
