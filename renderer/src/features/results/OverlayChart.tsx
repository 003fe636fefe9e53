// Runs in the renderer. One figure of few points, one line per compared run over a shared numeric
// x axis (the nines of a percentile), in SVG; animation off, themed from the palette's variables.
// Figures over time are drawn on canvas by OverlayTimeChart.
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useMemo } from 'react';
import { useValueAxis, yAxisProps } from '../../components/value-axis';
import { ChartFigure } from './ChartFigure';
import { type OverlayRow, runKey } from './overlay';
import { AXIS, TOOLTIP_STYLE } from '../../components/chart-theme';

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
  rows: readonly OverlayRow[];
  runs: readonly OverlayRun[];
  formatY: (v: number) => string;
  formatX: (v: number) => string;
  /** Fixed x ticks (the nines axis); default: recharts picks them. */
  xTicks?: number[];
  xDomain?: [number, number];
  yDomain?: [number, number];
  note?: string;
}

export function OverlayChart(props: OverlayChartProps) {
  const { title, testId, rows, runs, formatY, formatX, xTicks, xDomain, yDomain } = props;
  const legend = runs.map((r) => ({ label: r.label, color: r.color }));
  // The value axis fits its widest label; a fixed domain (0–100 %) gives its ticks instead of the data.
  const keys = useMemo(() => runs.map((_, i) => runKey(i)), [runs]);
  const fixed = useMemo(
    () => (yDomain ? [{ [keys[0] ?? 'r0']: yDomain[0] }, { [keys[0] ?? 'r0']: yDomain[1] }] : null),
    [yDomain, keys],
  );
  const axis = useValueAxis(fixed ?? rows, keys, formatY);
  return (
    <ChartFigure title={title} testId={testId} legend={legend} note={props.note}>
      <div data-points={rows.length} data-testid={`${testId}-plot`}>
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={rows.slice()} margin={{ top: 10, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis
              dataKey="x"
              type="number"
              domain={xDomain ?? ['dataMin', 'dataMax']}
              ticks={xTicks}
              allowDecimals={false}
              tickFormatter={formatX}
              allowDataOverflow={Boolean(xDomain)}
              {...AXIS}
            />
            <YAxis {...yAxisProps(axis, formatY)} {...AXIS} />
            <Tooltip
              isAnimationActive={false}
              contentStyle={TOOLTIP_STYLE}
              labelFormatter={(x) => (typeof x === 'number' ? formatX(x) : '')}
              formatter={(v) => (typeof v === 'number' ? formatY(v) : '')}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {runs.map((r, i) => (
              <Line
                key={runKey(i)}
                dataKey={runKey(i)}
                name={r.label}
                stroke={r.color}
                strokeWidth={1.5}
                dot={false}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </ChartFigure>
  );
}
