// Runs in the renderer. One recharts line chart over time, animation off, with its rows
// downsampled (LTTB) to the chart's pixel width before recharts sees them.
import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { downsampleRows } from './lttb';
import { formatValue, type Row, type SeriesDef, type Unit } from './series';
import { useElementWidth } from './useElementWidth';

const Y_AXIS_WIDTH = 64;

export interface TimeChartProps {
  rows: readonly Row[];
  series: readonly SeriesDef[];
  unit: Unit;
  height?: number;
  /** How the x value reads: a clock time, or minutes from the start of a compared period. */
  xAxis?: 'time' | 'offset';
  testId?: string;
  /** Off where the card header already names the series next to their values. */
  legend?: boolean;
}

const clock = (t: number) =>
  new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dayClock = (t: number) =>
  new Date(t).toLocaleString([], {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
/** Time into a compared period; hours once the period is longer than a few. */
const offset = (spanMs: number) => (t: number) => {
  const sign = t < 0 ? '−' : '+';
  const abs = Math.abs(t);
  return spanMs > 6 * 3_600_000
    ? `${sign}${(abs / 3_600_000).toFixed(1)} h`
    : `${sign}${Math.round(abs / 60_000)} min`;
};

export function TimeChart({
  rows,
  series,
  unit,
  height = 180,
  xAxis = 'time',
  testId,
  legend = true,
}: TimeChartProps) {
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const plotWidth = Math.max(width - Y_AXIS_WIDTH, 10);
  const first = series[0]?.key ?? 't';
  const data = useMemo(() => downsampleRows(rows, first, plotWidth), [rows, first, plotWidth]);
  const spanMs = (rows.at(-1)?.t ?? 0) - (rows[0]?.t ?? 0);
  const tick = xAxis === 'offset' ? offset(spanMs) : spanMs > 86_400_000 ? dayClock : clock;
  return (
    <div ref={ref} className="time-chart" data-testid={testId} data-points={data.length}>
      {width > 0 && (
        <LineChart
          width={width}
          height={height}
          data={data}
          margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis
            dataKey="t"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={tick}
            stroke="var(--text-faint)"
            fontSize={11}
          />
          <YAxis
            width={Y_AXIS_WIDTH}
            tickFormatter={(v: number) => formatValue(v, unit)}
            stroke="var(--text-faint)"
            fontSize={11}
          />
          <Tooltip
            isAnimationActive={false}
            labelFormatter={(t) => tick(Number(t))}
            formatter={(v) => formatValue(typeof v === 'number' ? v : null, unit)}
          />
          {legend && <Legend wrapperStyle={{ fontSize: 12 }} />}
          {series.map((s) => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stroke={s.color}
              dot={false}
              strokeWidth={1.5}
              isAnimationActive={false}
              connectNulls={false}
            />
          ))}
        </LineChart>
      )}
    </div>
  );
}
