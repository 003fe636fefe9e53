// Runs in the renderer. A sweep's result: the scalability curve (swept value → QPS), latency
// against throughput (QPS → p99) with each point labelled by its swept value, and the points as a
// table; an axis whose values span ten times or more is logarithmic; animation off.
import {
  CartesianGrid,
  LabelList,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { PlanView } from '../../../../shared/contract/plans';
import { count, ms, plusMinus } from './format';
import { AXIS, TOOLTIP_STYLE } from '../../components/chart-theme';
import { countOf } from '../../components/figure-format';

type Sweep = NonNullable<PlanView['sweep']>;

/** A swept setting's value as the form names it: "4 clients", "2,000/s". */
function settingText(parameter: string, value: number): string {
  if (parameter === 'threads') return countOf(value, 'client');
  if (parameter === 'rate') return `${count(value)}/s`;
  if (parameter === 'pipeline') return `depth ${count(value)}`;
  return `${parameter} ${count(value)}`;
}

/** Values all above 0 whose largest is ten or more times the smallest read best on a log axis. */
export const spansDecade = (values: readonly number[]): boolean =>
  values.length > 1 && Math.min(...values) > 0 && Math.max(...values) / Math.min(...values) >= 10;

function Curve({
  title,
  testId,
  rows,
  x,
  y,
  xLabel,
  format,
  color,
  ticks,
}: {
  title: string;
  testId: string;
  /** `label`: the text beside each point (the swept value it was measured at). */
  rows: Record<string, number | string>[];
  x: string;
  y: string;
  xLabel: (v: number) => string;
  format: (v: number) => string;
  color: string;
  /** Ticks at exactly these x values (the swept ones) rather than in between. */
  ticks?: number[];
}) {
  const logX = spansDecade(rows.map((r) => Number(r[x] ?? 0)));
  const logY = spansDecade(rows.map((r) => Number(r[y] ?? 0)));
  return (
    <figure
      className="bench-chart"
      data-testid={testId}
      data-points={rows.length}
      data-scale={`${logX ? 'log' : 'linear'} ${logY ? 'log' : 'linear'}`}
    >
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={rows} margin={{ top: 20, right: 24, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis
            dataKey={x}
            type="number"
            scale={logX ? 'log' : 'linear'}
            domain={logX ? ['auto', 'auto'] : ['dataMin', 'dataMax']}
            tickFormatter={xLabel}
            {...(ticks ? { ticks } : {})}
            {...AXIS}
          />
          <YAxis
            width={64}
            tickFormatter={format}
            scale={logY ? 'log' : 'linear'}
            domain={logY ? ['auto', 'auto'] : [0, 'auto']}
            allowDataOverflow={false}
            {...AXIS}
          />
          <Tooltip
            isAnimationActive={false}
            contentStyle={TOOLTIP_STYLE}
            labelFormatter={(v) => (typeof v === 'number' ? xLabel(v) : '')}
            formatter={(v) => (typeof v === 'number' ? format(v) : '')}
          />
          <Line
            dataKey={y}
            name={title}
            stroke={color}
            strokeWidth={1.5}
            dot={{ r: 3 }}
            isAnimationActive={false}
          >
            {rows.some((r) => 'label' in r) && (
              <LabelList dataKey="label" position="top" fontSize={11} fill="var(--text-muted)" />
            )}
          </Line>
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function SweepCharts({ sweep }: { sweep: Sweep }) {
  const name = sweep.parameter;
  const curve = sweep.points.map((p) => ({ value: p.value, qps: p.figures.qps.mean }));
  const latency = sweep.latency_throughput.map((p) => ({
    qps: p.qps,
    p99: p.p99,
    label: settingText(name, p.value),
  }));
  return (
    <>
      <div className="bench-charts">
        <Curve
          title={`Scalability: QPS by ${name}`}
          testId="plan-scalability-chart"
          rows={curve}
          x="value"
          y="qps"
          xLabel={(v) => `${v}`}
          format={count}
          color="#4f7cff"
          ticks={curve.map((p) => p.value)}
        />
        <Curve
          title="Latency against throughput: p99 by QPS, each point labelled with its setting"
          testId="plan-latency-chart"
          rows={latency}
          x="qps"
          y="p99"
          xLabel={count}
          format={(v) => v.toFixed(v < 1 ? 3 : v < 10 ? 2 : 0)}
          color="#dc2626"
        />
      </div>
      <table className="plan-table" data-testid="plan-sweep-table">
        <caption>Means of the completed runs at each {name}</caption>
        <thead>
          <tr>
            <th scope="col">{name}</th>
            <th scope="col">Runs</th>
            <th scope="col">QPS</th>
            <th scope="col">95% CI</th>
            <th scope="col">p50</th>
            <th scope="col">p95</th>
            <th scope="col">p99</th>
            <th scope="col">QPS vs previous (Welch&apos;s t-test)</th>
          </tr>
        </thead>
        <tbody>
          {sweep.points.map(({ value, figures: f, vs_previous: vs }) => (
            <tr key={value}>
              <th scope="row">{value}</th>
              <td>{f.qps.n}</td>
              <td>{count(f.qps.mean)}</td>
              <td>{plusMinus('qps', f.qps)}</td>
              <td>{ms(f.p50.mean)}</td>
              <td>{ms(f.p95.mean)}</td>
              <td>{ms(f.p99.mean)}</td>
              <td>
                {vs
                  ? `p = ${vs.p_value.toFixed(3)}, ${vs.significant ? 'different' : 'within noise'}`
                  : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
