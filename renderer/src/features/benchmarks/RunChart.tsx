// Runs in the renderer. One line chart of a run's intervals against seconds into the run, themed
// from the palette's variables, animation off; the wrapper says how many points it drew.
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
import { AXIS, TOOLTIP_STYLE } from '../../components/chart-theme';

export interface RunChartSeries {
  key: string;
  label: string;
  color: string;
}

export interface RunChartProps {
  title: string;
  rows: readonly Record<string, number>[];
  series: readonly RunChartSeries[];
  testId: string;
  format: (v: number) => string;
  /** The last warm-up interval's t, when the chart shows any: that stretch is shaded. */
  warmupUntil: number | null;
}

export function RunChart({ title, rows, series, testId, format, warmupUntil }: RunChartProps) {
  const firstT = rows[0]?.t ?? 0;
  return (
    <figure className="bench-chart" data-testid={testId} data-points={rows.length}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={180}>
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
          <YAxis width={64} tickFormatter={format} {...AXIS} />
          <Tooltip
            isAnimationActive={false}
            contentStyle={TOOLTIP_STYLE}
            labelFormatter={(t) => (typeof t === 'number' ? `${t} s` : '')}
            formatter={(v) => (typeof v === 'number' ? format(v) : '')}
          />
          {warmupUntil !== null && (
            <ReferenceArea
              x1={firstT}
              x2={warmupUntil}
              fill="var(--text-faint)"
              fillOpacity={0.12}
              label={{
                value: 'warm-up',
                position: 'insideTop',
                fontSize: 11,
                fill: 'var(--text-muted)',
              }}
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
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
