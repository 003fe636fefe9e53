// Runs in the renderer. The host's history for one metric type on the Monitor's canvas chart: a
// day of samples is reduced to the plot's pixel columns (min/max) before it is drawn, stretches
// without samples are broken, shaded "no data" and said in words, runs are marked, and a drag
// across the plot zooms.
import { useMemo } from 'react';
import type { ChartSeries } from '../../charts/UPlotTimeChart';
import type { HistoryResult } from '../../../../shared/contract/metrics';
import type { CategoryDef } from './series';
import type { TimelineMark } from './timeline-marks';
import { TimeChart } from './TimeChart';

export interface HostHistoryChartProps {
  result: HistoryResult;
  category: CategoryDef;
  /** The samples' nominal spacing (ms); a pause well beyond it is a gap. */
  nominalMs: number;
  marks: readonly TimelineMark[];
  height: number;
  testId: string;
  /** A drag across the plot asks for this range. */
  onZoom: (from: number, to: number) => void;
}

export function HostHistoryChart({
  result,
  category,
  nominalMs,
  marks,
  height,
  testId,
  onZoom,
}: HostHistoryChartProps) {
  const from = Date.parse(result.start_time);
  const to = Date.parse(result.end_time);
  const { xs, series } = useMemo(() => {
    const points = result.data_points;
    const lines: ChartSeries[] = category.series.map((s) => ({
      ...s,
      values: points.map((p) => p.data[s.key] ?? null),
    }));
    return { xs: points.map((p) => Date.parse(p.timestamp)), series: lines };
  }, [result, category]);
  const window = useMemo(() => [from, to] as const, [from, to]);
  return (
    <TimeChart
      xs={xs}
      series={series}
      unit={category.unit}
      label={`${category.title} history`}
      testId={testId}
      height={height}
      nominalMs={nominalMs}
      window={window}
      marks={marks}
      onZoom={onZoom}
    />
  );
}
