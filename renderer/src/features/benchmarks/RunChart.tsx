// Runs in the renderer. One chart of a run's intervals against seconds into the run, drawn on a
// canvas by the shared uPlot chart (rows reduced to the plot's pixel columns, min/max, so a spike
// in an hour of intervals is still drawn); the warm-up and a partial last interval are shaded and
// named, and the chart says how many points it drew. A live run's view hands RunChartFrame points
// it has already reduced as they arrived (see live-run-series.ts).
import { useMemo } from 'react';
import { type ChartSeries, type Span, UPlotTimeChart } from '../../charts/UPlotTimeChart';

export interface RunChartSeries {
  key: string;
  label: string;
  color: string;
}

/** The stretch of the time axis a partial last interval covers. */
export interface PartialSpan {
  from: number;
  to: number;
}

interface FrameCommon {
  title: string;
  testId: string;
  /** Axis ticks; keep its identity stable between renders. */
  format: (v: number) => string;
  /** The last warm-up interval's t, when the chart shows any: that stretch is shaded. */
  warmupUntil: number | null;
  partial?: PartialSpan | null;
  height?: number;
}

export interface RunChartProps extends FrameCommon {
  /** One row per interval: `t` (seconds, where the interval ends) and a value per series key. */
  rows: readonly Record<string, number | null>[];
  series: readonly RunChartSeries[];
}

export interface RunChartFrameProps extends FrameCommon {
  /** Seconds into the run, ascending; each series has a value per x. */
  xs: ArrayLike<number>;
  series: readonly ChartSeries[];
  /** The points are already reduced to the plot's columns: drawn as given. */
  reduced?: boolean;
}

const seconds = (t: number) => `${Math.round(t * 100) / 100} s`;
const WARNING = '#d97706';

export function RunChart({ rows, series, ...frame }: RunChartProps) {
  const columns = useMemo(
    () => ({
      xs: rows.map((r) => r.t ?? 0),
      series: series.map((s) => ({ ...s, values: rows.map((r) => r[s.key] ?? null) })),
    }),
    [rows, series],
  );
  return <RunChartFrame {...frame} xs={columns.xs} series={columns.series} />;
}

/** The figure around one run chart: its caption, the warm-up and partial spans, the time axis. */
export function RunChartFrame({
  title,
  xs,
  series,
  reduced = false,
  testId,
  format,
  warmupUntil,
  partial = null,
  height = 180,
}: RunChartFrameProps) {
  const firstT = xs[0] ?? 0;
  const lastT = xs[xs.length - 1] ?? 0;
  const spans = useMemo(() => {
    const out: Span[] = [];
    if (warmupUntil !== null && warmupUntil > firstT)
      out.push({ from: firstT, to: warmupUntil, label: 'warm-up' });
    if (partial)
      out.push({
        ...partial,
        label: `partial ${seconds(partial.to - partial.from)}`,
        color: WARNING,
        align: 'right',
      });
    return out;
  }, [warmupUntil, firstT, partial]);
  const window = useMemo(
    () => [firstT, lastT > firstT ? lastT : firstT + 1] as const,
    [firstT, lastT],
  );
  return (
    <figure className="bench-chart">
      <figcaption>{title}</figcaption>
      <UPlotTimeChart
        xs={xs}
        reduced={reduced}
        series={series}
        window={window}
        format={format}
        formatX={seconds}
        height={height}
        spans={spans}
        legend={series.length > 1}
        testId={testId}
        label={title}
      />
    </figure>
  );
}
