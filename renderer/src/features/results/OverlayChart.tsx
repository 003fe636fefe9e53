// Runs in the renderer. One figure, one line per compared run over a shared numeric x axis
// (seconds into the measurement, or the nines of a percentile), optionally with the runs' phases
// shaded; animation off, themed from the palette's variables.
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
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
  phases?: Phases | null;
  yDomain?: [number, number];
  note?: string;
}

const PHASE_LABEL = { position: 'insideTop', fontSize: 11, fill: 'var(--text-muted)' } as const;

export function OverlayChart(props: OverlayChartProps) {
  const { title, testId, rows, runs, formatY, formatX, xTicks, xDomain, phases, yDomain } = props;
  const legend = runs.map((r) => ({ label: r.label, color: r.color }));
  const firstX = rows[0]?.x ?? 0;
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
            {phases && phases.warmupStart > firstX && (
              <ReferenceArea
                x1={firstX}
                x2={phases.warmupStart}
                fill="var(--text-faint)"
                fillOpacity={0.2}
                label={{ ...PHASE_LABEL, value: 'prepare' }}
              />
            )}
            {phases && phases.warmupStart < 0 && (
              <ReferenceArea
                x1={phases.warmupStart}
                x2={0}
                fill="var(--text-faint)"
                fillOpacity={0.1}
                label={{ ...PHASE_LABEL, value: 'warm-up' }}
              />
            )}
            {phases && (
              <ReferenceLine
                x={phases.measureEnd}
                stroke="var(--text-faint)"
                strokeDasharray="4 3"
                label={{ ...PHASE_LABEL, value: 'end', position: 'insideTopRight' }}
              />
            )}
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
