// Runs in the renderer. The host's history for one metric type on the shared canvas chart: a day
// of samples is reduced to the plot's pixel columns (min/max) before it is drawn, stretches
// without samples are broken, shaded "no data" and said in words, and runs are marked.
import { useCallback, useMemo } from 'react';
import { type ChartSeries, type Span, UPlotTimeChart } from '../../charts/UPlotTimeChart';
import type { HistoryResult } from '../../../../shared/contract/metrics';
import { axisDayTime, axisTime } from '../../components/figure-format';
import { findGaps, GAP_FACTOR, usualSpacing } from './gaps';
import { GapsNote } from './GapsNote';
import { type CategoryDef, formatTick } from './series';
import type { TimelineMark } from './timeline-marks';

const DAY_MS = 86_400_000;

export interface HostHistoryChartProps {
  result: HistoryResult;
  category: CategoryDef;
  /** The samples' nominal spacing (ms); a pause well beyond it is a gap. */
  nominalMs: number;
  marks: readonly TimelineMark[];
  height: number;
  testId: string;
}

export function HostHistoryChart({
  result,
  category,
  nominalMs,
  marks,
  height,
  testId,
}: HostHistoryChartProps) {
  const from = Date.parse(result.start_time);
  const to = Date.parse(result.end_time);
  const { xs, series, gaps, maxGapMs } = useMemo(() => {
    const points = result.data_points;
    const ts = points.map((p) => Date.parse(p.timestamp));
    const spacing = usualSpacing(ts, nominalMs);
    const lines: ChartSeries[] = category.series.map((s) => ({
      ...s,
      values: points.map((p) => p.data[s.key] ?? null),
    }));
    return {
      xs: ts,
      series: lines,
      gaps: findGaps(ts, spacing, [from, to]),
      maxGapMs: spacing > 0 ? spacing * GAP_FACTOR : Infinity,
    };
  }, [result, category, nominalMs, from, to]);
  const spans = useMemo<Span[]>(
    () => gaps.map((g) => ({ from: g.from, to: g.to, label: 'no data' })),
    [gaps],
  );
  const window = useMemo(() => [from, to] as const, [from, to]);
  const format = useCallback((v: number) => formatTick(v, category.unit), [category.unit]);
  const tick = to - from > DAY_MS ? axisDayTime : axisTime;
  return (
    <div data-testid={`${testId}-box`} data-gaps={gaps.length}>
      <UPlotTimeChart
        xs={xs}
        series={series}
        window={window}
        format={format}
        maxGapMs={maxGapMs}
        height={height}
        spans={spans}
        marks={marks}
        legend
        testId={testId}
        label={`${category.title} history`}
      />
      <GapsNote gaps={gaps} tick={tick} testId={testId} />
    </div>
  );
}
