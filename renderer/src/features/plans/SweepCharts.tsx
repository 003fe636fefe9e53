// Runs in the renderer. A sweep's result: the scalability curve (swept value → QPS), latency
// against throughput (QPS → p99), and the points as a table; animation off, themed like the run charts.
import {
  CartesianGrid,
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

type Sweep = NonNullable<PlanView['sweep']>;

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
  rows: Record<string, number>[];
  x: string;
  y: string;
  xLabel: (v: number) => string;
  format: (v: number) => string;
  color: string;
  /** Ticks at exactly these x values (the swept ones) rather than in between. */
  ticks?: number[];
}) {
  return (
    <figure className="bench-chart" data-testid={testId} data-points={rows.length}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis
            dataKey={x}
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={xLabel}
            {...(ticks ? { ticks } : {})}
            {...AXIS}
          />
          <YAxis width={64} tickFormatter={format} {...AXIS} />
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
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function SweepCharts({ sweep }: { sweep: Sweep }) {
  const curve = sweep.points.map((p) => ({ value: p.value, qps: p.figures.qps.mean }));
  const latency = sweep.latency_throughput.map((p) => ({ qps: p.qps, p99: p.p99 }));
  const name = sweep.parameter;
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
          title="Latency against throughput: p99 by QPS"
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
