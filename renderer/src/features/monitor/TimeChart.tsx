// Runs in the renderer. One recharts line chart over time, animation off, with its rows
// downsampled (LTTB) to the chart's pixel width before recharts sees them; its value axis as wide
// as its widest label; gaps in the samples drawn as gaps, shaded and named "no data".
import { useCallback, useMemo } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { areaLabel, SHADE } from '../../components/chart-theme';
import { axisDayTime, axisTime } from '../../components/figure-format';
import { useValueAxis, yAxisProps } from '../../components/value-axis';
import { GapsNote } from './GapsNote';
import { findGaps, joinWithBreaks, splitAtGaps, usualSpacing } from './gaps';
import { downsampleRows } from './lttb';
import { markFlag } from './mark-flag';
import type { TimelineMark } from './timeline-marks';
import { formatTick, formatValue, type Row, type SeriesDef, type Unit, tickUnit } from './series';
import { useElementWidth } from './useElementWidth';

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
  /** The samples' nominal spacing (ms); a pause well beyond it is a gap. */
  nominalMs?: number | null;
  /** The time range asked for: samples missing at its start or end are gaps too. */
  domain?: [number, number];
  /** Benchmark runs and scheduled executions: shaded, their phases as lines, a flag to open each. */
  marks?: readonly TimelineMark[];
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
  rows,
  series,
  unit,
  height = 180,
  xAxis = 'time',
  testId,
  legend = true,
  nominalMs = null,
  domain,
  marks = [],
}: TimeChartProps) {
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const keys = useMemo(() => series.map((s) => s.key), [series]);
  const format = useCallback((v: number) => formatTick(v, unit), [unit]);
  const unitSize = useMemo(() => tickUnit(unit), [unit]);
  const axis = useValueAxis(rows, keys, format, unitSize);
  const plotWidth = Math.max(width - axis.width, 10);
  const first = series[0]?.key ?? 't';
  const from = domain?.[0];
  const to = domain?.[1];
  const { data, gaps, points } = useMemo(() => {
    const ts = rows.map((r) => r.t);
    const found = findGaps(
      ts,
      usualSpacing(ts, nominalMs),
      from !== undefined && to !== undefined ? [from, to] : undefined,
    );
    // Each run of samples is downsampled on its own, so no point is taken across a gap.
    const segments = splitAtGaps(rows, found).map((seg) =>
      downsampleRows(seg, first, Math.max(3, Math.round((plotWidth * seg.length) / rows.length))),
    );
    const points = segments.reduce((n, seg) => n + seg.length, 0);
    return { data: joinWithBreaks(segments, keys), gaps: found, points };
  }, [rows, first, plotWidth, nominalMs, from, to, keys]);
  // One label component per mark for as long as the marks stay: a new one on every render would
  // replace the flag's element each time, and a click could land on an element being replaced.
  const flags = useMemo(() => new Map(marks.map((m) => [m, markFlag(m)])), [marks]);
  const spanMs = (to ?? rows.at(-1)?.t ?? 0) - (from ?? rows[0]?.t ?? 0);
  const tick = xAxis === 'offset' ? offset(spanMs) : spanMs > 86_400_000 ? axisDayTime : axisTime;
  return (
    <div
      ref={ref}
      className="time-chart"
      data-testid={testId}
      data-points={points}
      data-gaps={gaps.length}
    >
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
            domain={from !== undefined && to !== undefined ? [from, to] : ['dataMin', 'dataMax']}
            allowDataOverflow={from !== undefined}
            tickFormatter={tick}
            stroke="var(--text-faint)"
            fontSize={11}
          />
          <YAxis {...yAxisProps(axis, format)} stroke="var(--text-faint)" fontSize={11} />
          <Tooltip
            isAnimationActive={false}
            labelFormatter={(t) => tick(Number(t))}
            formatter={(v) => formatValue(typeof v === 'number' ? v : null, unit)}
          />
          {gaps.map((g) => (
            <ReferenceArea
              key={g.from}
              x1={g.from}
              x2={g.to}
              {...SHADE}
              label={areaLabel('no data')}
            />
          ))}
          {marks.map((m) => (
            <ReferenceArea
              key={`${m.kind}-${m.id}`}
              x1={Math.max(m.from, from ?? rows[0]?.t ?? m.from)}
              x2={Math.min(m.to, to ?? rows.at(-1)?.t ?? m.to)}
              fill={m.kind === 'run' ? '#4f6bed' : '#b457c9'}
              fillOpacity={0.1}
              ifOverflow="hidden"
              label={{ content: flags.get(m) }}
            />
          ))}
          {marks.flatMap((m) =>
            m.phases
              .slice(1, -1)
              .map((p) => (
                <ReferenceLine
                  key={`${m.id}-${p.label}`}
                  x={p.t}
                  stroke="#4f6bed"
                  strokeDasharray="3 3"
                  ifOverflow="hidden"
                />
              )),
          )}
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
      <GapsNote gaps={gaps} tick={tick} testId={testId} />
    </div>
  );
}
