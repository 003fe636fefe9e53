// Runs in the renderer. One line chart of a run's intervals against seconds into the run, themed
// from the palette's variables, animation off; the value axis is as wide as its widest label, a
// partial last interval is shaded with its length, and the wrapper says how many points it drew.
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { areaLabel, AXIS, SHADE, TOOLTIP_STYLE } from '../../components/chart-theme';
import { useValueAxis, yAxisProps } from '../../components/value-axis';

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

export interface RunChartProps {
  title: string;
  /** One row per interval: `t` (seconds, where the interval ends) and a value per series key. */
  rows: readonly Record<string, number | null>[];
  series: readonly RunChartSeries[];
  testId: string;
  /** Axis ticks and tooltip values; keep its identity stable between renders. */
  format: (v: number) => string;
  /** The last warm-up interval's t, when the chart shows any: that stretch is shaded. */
  warmupUntil: number | null;
  partial?: PartialSpan | null;
  height?: number;
}

const seconds = (t: number) => `${Math.round(t * 100) / 100} s`;

export function RunChart({
  title,
  rows,
  series,
  testId,
  format,
  warmupUntil,
  partial = null,
  height = 180,
}: RunChartProps) {
  const firstT = rows[0]?.t ?? 0;
  const axis = useValueAxis(
    rows,
    series.map((s) => s.key),
    format,
  );
  return (
    <figure className="bench-chart" data-testid={testId} data-points={rows.length}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={rows.slice()} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis
            dataKey="t"
            type="number"
            domain={['dataMin', 'dataMax']}
            allowDecimals={false}
            tickFormatter={(t: number) => `${t} s`}
            {...AXIS}
          />
          <YAxis {...yAxisProps(axis, format)} {...AXIS} />
          <Tooltip
            isAnimationActive={false}
            contentStyle={TOOLTIP_STYLE}
            labelFormatter={(t) =>
              typeof t !== 'number'
                ? ''
                : partial && t === partial.to
                  ? `${seconds(t)} (partial interval, ${seconds(partial.to - partial.from)})`
                  : seconds(t)
            }
            formatter={(v) => (typeof v === 'number' ? format(v) : '')}
          />
          {warmupUntil !== null && warmupUntil > firstT && (
            <ReferenceArea x1={firstT} x2={warmupUntil} {...SHADE} label={areaLabel('warm-up')} />
          )}
          {partial && (
            <ReferenceArea
              x1={partial.from}
              x2={partial.to}
              fill="var(--warning, #d97706)"
              fillOpacity={0.15}
              label={areaLabel(`partial ${seconds(partial.to - partial.from)}`, 'insideTopRight')}
            />
          )}
          {series.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
          {series.map((s) => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stroke={s.color}
              strokeWidth={1.5}
              dot={false}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
